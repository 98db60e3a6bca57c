package dev.lamina.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Lamina's version, from the build-filtered {@code lamina.properties}. */
public final class LaminaVersion implements IVersionProvider {
  /** The version of this build, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String get() {
    try (InputStream in = LaminaVersion.class.getResourceAsStream("/lamina.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read lamina.properties", e);
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {"lamina " + get()};
  }
}
