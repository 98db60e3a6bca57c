package dev.lamina.examples;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;

/** Writes JSON reports so that readers never see a half-written file. */
public final class JsonFiles {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private JsonFiles() {}

  /**
   * Serializes {@code value} to {@code target}: first to a temporary file in the same folder, then
   * moved over {@code target} (atomically where the file system allows); a failure becomes one
   * line that names {@code option} (see {@link OutputFiles#writeFor}).
   */
  public static void write(String option, Path target, Object value) {
    OutputFiles.writeFor(option, target, out -> MAPPER.writeValue(out, value));
  }

  /** The mapper reports are written with. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
