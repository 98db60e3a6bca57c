package dev.lamina.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lamina.datasets.AtomicFiles;
import dev.lamina.datasets.AtomicFilesShutdown;
import dev.lamina.training.io.ModelFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The checks of output files before any work, and what a write leaves behind. */
class OutputFilesTest {
  private static final String FIFO = "it is a named pipe (FIFO), not a regular file";

  @TempDir
  Path tmp;
  private Path data;
  private Path out;

  @BeforeEach
  void writeData() throws IOException {
    data = TinyMnist.write(tmp.resolve("data"), 30, 10);
    out = Files.createDirectory(tmp.resolve("out"));
  }

  private Run train(String... outputs) {
    List<String> args = new ArrayList<>(List.of("train", "--data-dir", data.toString(),
        "--train-size", "10", "--test-size", "10", "--epochs", "1"));
    args.addAll(List.of(outputs));
    return Run.of(args.toArray(String[]::new));
  }

  private List<String> namesIn(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static Path mkfifo(Path path) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    } catch (IOException e) {
      assumeTrue(false, "no mkfifo here: " + e.getMessage());
      throw e;
    }
    assumeTrue(process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0, "mkfifo failed");
    return path;
  }

  @ParameterizedTest
  @ValueSource(strings = {"--save", "--report", "--plot"})
  void aNamedPipeAsOutputFailsBeforeTrainingAndStaysAPipe(String option) throws Exception {
    Path fifo = mkfifo(out.resolve("fifo"));

    Run run = train(option, fifo.toString());

    assertEquals(1, run.exitCode(), run.err());
    assertEquals("lamina train: " + option + ": cannot write " + fifo + ": " + FIFO,
        run.err().strip());
    assertTrue(run.out().isEmpty(), "nothing was trained: " + run.out());
    assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo), "still the pipe");
    assertEquals(List.of("fifo"), namesIn(out));
  }

  @Test
  void evaluateAndBenchRefuseANamedPipeAsReport() throws Exception {
    Path fifo = mkfifo(out.resolve("fifo"));
    Path model = tmp.resolve("m.lmf");
    ModelFiles.save(Models.seed(1), model, ExampleLayers.registry());

    Run evaluate = Run.of("evaluate", "--model-file", model.toString(), "--data-dir",
        data.toString(), "--report", fifo.toString());
    Run trainBench = Run.of("bench", "train", "--data-dir", data.toString(), "--report",
        fifo.toString());
    Run gemmBench = Run.of("bench", "gemm", "--size", "8", "--report", fifo.toString());

    assertEquals("lamina evaluate: --report: cannot write " + fifo + ": " + FIFO,
        evaluate.err().strip());
    assertEquals("lamina bench train: --report: cannot write " + fifo + ": " + FIFO,
        trainBench.err().strip());
    assertEquals("lamina bench gemm: --report: cannot write " + fifo + ": " + FIFO,
        gemmBench.err().strip());
    assertEquals(List.of(1, 1, 1),
        List.of(evaluate.exitCode(), trainBench.exitCode(), gemmBench.exitCode()));
    assertEquals("", evaluate.out() + trainBench.out() + gemmBench.out());
    assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo), "still the pipe");
  }

  @Test
  void aDeviceIsRefused() {
    // only the check, which never writes: a run writing /dev/null as root would replace it
    Path devNull = Path.of("/dev/null");
    assumeTrue(Files.exists(devNull) && !Files.isRegularFile(devNull), "needs /dev/null");

    CliFailure e = assertThrows(CliFailure.class,
        () -> OutputFiles.checkWritable("--report", devNull));

    assertEquals("--report: cannot write /dev/null: it is a device, not a regular file",
        e.getMessage());
  }

  @Test
  void aLinkToARegularFileIsAnOutputLikeTheFile() throws IOException {
    Path file = Files.writeString(out.resolve("old.json"), "old");
    Path link = Files.createSymbolicLink(out.resolve("r.json"), file);

    OutputFiles.checkWritable("--report", link);

    assertEquals(List.of("old.json", "r.json"), namesIn(out));
  }

  @Test
  void aFileNameTooLongFailsBeforeTraining() throws IOException {
    Path report = out.resolve("a".repeat(256));

    Run run = train("--report", report.toString());

    assertEquals(1, run.exitCode(), run.err());
    assertEquals("lamina train: --report: cannot write " + report + ": cannot create a file in "
        + out + " (File name too long)", run.err().strip());
    assertTrue(run.out().isEmpty(), "nothing was trained: " + run.out());
    assertEquals(List.of(), namesIn(out));
  }

  @Test
  void aNameOfAsManyBytesAsTheFileSystemTakesPasses() throws IOException {
    OutputFiles.checkWritable("--report", out.resolve("a".repeat(255)));
    OutputFiles.checkWritable("--report", out.resolve("new/" + "a".repeat(255) + "/r.json"));

    assertEquals(List.of(), namesIn(out));
  }

  @Test
  void aMissingFolderWhoseNameIsTooLongFailsBeforeTrainingLeavingNothing() throws IOException {
    Path folder = out.resolve("new").resolve("a".repeat(256));
    Path model = folder.resolve("m.lmf");

    Run run = train("--save", model.toString());

    assertEquals(1, run.exitCode(), run.err());
    assertEquals("lamina train: --save: cannot write " + model + ": cannot create the folder "
        + folder + " (File name too long)", run.err().strip());
    assertTrue(run.out().isEmpty(), "nothing was trained: " + run.out());
    assertEquals(List.of(), namesIn(out), "the folder new/ made by the check is gone");
  }

  @Test
  void aFolderThatIsALinkToNothingIsNamedAsSuchBeforeTraining() throws IOException {
    Path nowhere = tmp.resolve("nowhere");
    Path dangling = Files.createSymbolicLink(out.resolve("dangle"), nowhere);
    Path report = dangling.resolve("sub/r.json");

    Run run = train("--report", report.toString());

    assertEquals(1, run.exitCode(), run.err());
    assertEquals("lamina train: --report: cannot write " + report + ": " + dangling
        + " is a link to " + nowhere + ", which does not exist", run.err().strip());
    assertTrue(run.out().isEmpty(), "nothing was trained: " + run.out());
    assertTrue(Files.isSymbolicLink(dangling));
    assertFalse(Files.exists(nowhere));
  }

  @Test
  void theCheckOfMissingFoldersLeavesNothingBehind() throws IOException {
    OutputFiles.checkWritable("--save", out.resolve("a/b/c/m.lmf"));

    assertEquals(List.of(), namesIn(out));
  }

  @Test
  void anEmptyPathIsAUsageErrorNamingTheOption() throws IOException {
    Path model = tmp.resolve("m.lmf");
    ModelFiles.save(Models.seed(1), model, ExampleLayers.registry());

    for (String option : List.of("--save", "--report", "--plot")) {
      Run run = train(option, "");
      assertEquals(2, run.exitCode(), run.err());
      assertEquals("lamina train: " + option + " must name a file, got '' (see 'lamina train"
          + " --help')", run.err().strip());
    }
    Run report = Run.of("evaluate", "--model-file", model.toString(), "--data-dir",
        data.toString(), "--report", "");
    Run modelFile = Run.of("evaluate", "--model-file", "", "--data-dir", data.toString());
    Run predict = Run.of("predict", "--model-file", "", "--index", "0");
    Run gemm = Run.of("bench", "gemm", "--size", "8", "--report", "");
    Run image = Run.of("predict", "--model-file", model.toString(), "--image", "");

    assertEquals("lamina evaluate: --report must name a file, got '' (see 'lamina evaluate"
        + " --help')", report.err().strip());
    assertEquals("lamina evaluate: --model-file must name a file, got '' (see 'lamina evaluate"
        + " --help')", modelFile.err().strip());
    assertEquals("lamina predict: --model-file must name a file, got '' (see 'lamina predict"
        + " --help')", predict.err().strip());
    assertEquals("lamina bench gemm: --report must name a file, got '' (see 'lamina bench gemm"
        + " --help')", gemm.err().strip());
    assertEquals("lamina predict: --image must name a file, got '' (see 'lamina predict"
        + " --help')", image.err().strip());
    assertEquals(List.of(2, 2, 2, 2, 2), List.of(report.exitCode(), modelFile.exitCode(),
        predict.exitCode(), gemm.exitCode(), image.exitCode()));
  }

  @Test
  void aWriteThatFailsRemovesTheFoldersItCreated() {
    Path target = out.resolve("a/b/r.json");
    IOException failure = new IOException("disk full");

    IOException thrown = assertThrows(IOException.class, () -> OutputFiles.inFolderOf(target,
        () -> {
          assertTrue(Files.isDirectory(target.getParent()));
          throw failure;
        }));

    assertEquals(failure, thrown);
    assertFalse(Files.exists(out.resolve("a")));
  }

  @Test
  void aShutdownDuringAWriteLeavesNeitherTheTemporaryFileNorTheFoldersMadeForIt()
      throws IOException {
    Path target = out.resolve("a/b/r.json");
    List<List<String>> inFolder = new ArrayList<>();

    assertThrows(NoSuchFileException.class, () -> OutputFiles.inFolderOf(target,
        () -> AtomicFiles.write(target, stream -> {
          stream.write("{}".getBytes(StandardCharsets.UTF_8));
          inFolder.add(namesIn(target.getParent()));
          AtomicFilesShutdown.runHook(); // as if the JVM were shutting down now
        })));

    assertEquals(1, inFolder.get(0).size(), "the temporary file: " + inFolder);
    assertEquals(List.of(), namesIn(out), "a/b made for the write is gone");
  }

  @Test
  void aShutdownAfterTheWriteLeavesTheFileAndItsFolders() throws IOException {
    Path target = out.resolve("a/b/r.json");

    OutputFiles.writeFor("--report", target, stream -> stream.write('x'));
    AtomicFilesShutdown.runHook();

    assertEquals("x", Files.readString(target));
  }
}
