package dev.lamina.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lamina.tensor.compute.ComputeBackends;
import dev.lamina.tensor.compute.Parallel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class LaminaTest {
  private static final String[] QUICK = {"--repeats", "1", "--warmup-ms", "0", "--repeat-ms", "0"};
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private int threadsBefore;

  @TempDir
  Path dir;

  @BeforeEach
  void rememberThreads() {
    threadsBefore = Parallel.threads();
  }

  @AfterEach
  void restoreThreads() {
    Parallel.setThreads(threadsBefore);
  }

  private int run(String... args) {
    return Lamina.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private String[] quick(String... args) {
    return Stream.concat(Stream.of(args), Stream.of(QUICK)).toArray(String[]::new);
  }

  @Test
  void infoReportsBackendAndThreads() {
    assertEquals(0, run("info"));
    assertTrue(out.toString().contains("Backend  " + ComputeBackends.current().name()),
        out.toString());
    assertTrue(out.toString().contains("Threads  " + Parallel.threads()), out.toString());
    assertTrue(out.toString().contains("Java     " + Runtime.version()), out.toString());
  }

  /** Every command path, such as {@code [bench, gemm]}, except picocli's own {@code help}. */
  static Stream<List<String>> commandPaths() {
    List<List<String>> paths = new ArrayList<>();
    collect(Lamina.commandLine(), new ArrayList<>(), paths);
    return paths.stream();
  }

  private static void collect(CommandLine cli, List<String> path, List<List<String>> paths) {
    cli.getSubcommands().forEach((name, sub) -> {
      if (!name.equals("help")) {
        List<String> subPath = new ArrayList<>(path);
        subPath.add(name);
        paths.add(subPath);
        collect(sub, subPath, paths);
      }
    });
  }

  @ParameterizedTest
  @MethodSource("commandPaths")
  void everyCommandPrintsItsHelp(List<String> path) {
    List<String> args = new ArrayList<>(path);
    args.add("--help");

    assertEquals(0, run(args.toArray(String[]::new)), err.toString());
    assertTrue(out.toString().startsWith("Usage: lamina " + String.join(" ", path)),
        out.toString());
  }

  @Test
  void benchGemmPrintsOneLineAndWritesTheJsonReport() throws Exception {
    Path report = dir.resolve("sub/gemm.json");
    assertEquals(0, run(quick("bench", "gemm", "--size", "24", "--threads", "2",
        "--report", report.toString())));
    String backend = ComputeBackends.current().name();
    assertTrue(out.toString().matches(
        "gemm 24x24x24: [0-9]+\\.[0-9] GFLOP/s \\(" + backend + ", 2 threads\\)\\R"),
        out.toString());
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertEquals(24, json.get("m").asInt());
    assertEquals(24, json.get("k").asInt());
    assertEquals(2, json.get("threads").asInt());
    assertEquals(backend, json.get("backend").asText());
    assertTrue(json.get("gflops").isNumber(), json.toString());
    try (Stream<Path> files = Files.list(report.getParent())) {
      assertEquals(1, files.count(), "the temporary file is left behind");
    }
  }

  @Test
  void benchGemmMeasuresEveryShapeIntoAnArray() throws Exception {
    Path report = dir.resolve("shapes.json");
    assertEquals(0, run(quick("bench", "gemm", "--shape", "7x5x3", "--shape", "2X9x4",
        "--backend", "Scalar", "--stat", "BEST", "--threads", "1", "--report", report.toString())));
    assertTrue(out.toString().contains("gemm 7x5x3: "), out.toString());
    assertTrue(out.toString().contains("(scalar, 1 thread)"), out.toString());
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertEquals(2, json.size());
    assertEquals(9, json.get(1).get("n").asInt());
  }

  @Test
  void benchGemmMeasuresTransposedOperands() throws Exception {
    Path report = dir.resolve("nt.json");
    assertEquals(0, run(quick("bench", "gemm", "--shape", "7x5x3", "--variant", "NT",
        "--threads", "1", "--report", report.toString())));
    assertTrue(out.toString().startsWith("gemm 7x5x3 NT: "), out.toString());
    assertEquals("NT", new ObjectMapper().readTree(report.toFile()).get("variant").asText());
    assertEquals(2, run("bench", "gemm", "--variant", "XT"));
  }

  @Test
  void usageErrorsGiveOneLineAndExitCodeTwo() {
    assertEquals(2, run("bench", "gemm", "--shape", "0x5x3"));
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
    assertTrue(err.toString().contains("positive sizes"), err.toString());
    assertEquals(2, run("bench", "gemm", "--threads", "0"));
    assertEquals(2, run("bench", "nonsense"));
    assertEquals(2, run("--no-such-option"));
    assertEquals(2, run("bench", "gemm", "--stat", "mean"));
  }

  @Test
  void withoutACommandTheUsageGoesToStandardErrorAsAUsageError() {
    assertEquals(2, run());
    assertTrue(err.toString().startsWith("lamina: missing command; the commands are listed"
        + " below"), err.toString());
    assertTrue(err.toString().contains("train "), err.toString());
    assertEquals("", out.toString());

    assertEquals(2, run("bench"));
    assertTrue(err.toString().contains("lamina bench: missing command"), err.toString());
    assertTrue(err.toString().contains("gemm "), err.toString());
  }

  @Test
  void repeatsThatCouldNotBeKeptAreAUsageError() {
    assertEquals(2, run("bench", "gemm", "--size", "8", "--warmup-ms", "0", "--repeat-ms", "0",
        "--repeats", "2147483647"));
    assertEquals("lamina bench gemm: --repeats must be in [1, 1000000], got 2147483647 (see"
        + " 'lamina bench gemm --help')", err.toString().strip());
  }

  @Test
  void anEmptyDataFolderIsAUsageError() {
    assertEquals(2, run("train", "--data-dir", ""));
    assertEquals("lamina train: --data-dir must name a folder, got '' (see 'lamina train --help')",
        err.toString().strip());
  }

  @Test
  void aMatrixLargerThanAJavaArrayIsAUsageErrorNamingTheOption() {
    assertEquals(2, run("bench", "gemm", "--size", "100000"));
    assertEquals("lamina bench gemm: --size: the matrices of 100000x100000x100000 would need "
        + "10000000000 floats, more than a Java array holds (2147483639) (see 'lamina bench gemm "
        + "--help')", err.toString().strip());
    assertEquals(2, run("bench", "gemm", "--shape", "100000x1x100000"));
    assertTrue(err.toString().contains("'--shape'"), err.toString());
    assertTrue(err.toString().contains("more than a Java array holds"), err.toString());
  }

  @Test
  void failuresGiveOneLineAndExitCodeOneWithTheStackTraceOnlyWhenVerbose() throws Exception {
    Path blocker = Files.writeString(dir.resolve("file"), "x");
    String[] args =
        quick("bench", "gemm", "--size", "2", "--report", blocker.resolve("r.json").toString());
    assertEquals(1, run(args));
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
    assertFalse(err.toString().contains("\tat "), err.toString());
    err.getBuffer().setLength(0);
    assertEquals(1,
        run(Stream.concat(Stream.of("--verbose"), Stream.of(args)).toArray(String[]::new)));
    assertTrue(err.toString().contains("\tat "), err.toString());
  }

  @Test
  void versionComesFromTheBuild() {
    assertEquals(0, run("--version"));
    assertTrue(out.toString().startsWith("lamina 0."), out.toString());
  }
}
