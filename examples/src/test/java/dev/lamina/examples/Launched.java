package dev.lamina.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs the command line in a JVM of its own with a heap of a given size and the launcher's
 * collector, as {@code ./lamina} does: for what the test JVM's large heap would hide.
 */
record Launched(int exitCode, String out, String err) {
  /** Runs {@code lamina args} with {@code -Xmx<heap>}, its output kept in {@code dir}. */
  static Launched of(Path dir, String heap, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-Xmx" + heap, "-XX:+UseParallelGC",
        "-cp", System.getProperty("java.class.path"), Lamina.class.getName()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process process = new ProcessBuilder(command)
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("lamina " + String.join(" ", args) + " ran over 2 minutes");
    }
    String errText = Files.readString(err).lines()
        .filter(l -> !l.startsWith("WARNING: Using incubator modules"))
        .collect(Collectors.joining("\n"));
    return new Launched(process.exitValue(), Files.readString(out), errText);
  }
}
