package dev.lamina.examples;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;

/** Writes reports as pretty-printed JSON, atomically. */
final class JsonFiles {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private JsonFiles() {}

  /** Writes {@code value} to {@code target}; a failure names {@code option}. */
  static void write(String option, Path target, Object value) {
    AtomicFiles.writeFor(option, target, out -> MAPPER.writeValue(out, value));
  }

  static ObjectMapper mapper() {
    return MAPPER;
  }
}
