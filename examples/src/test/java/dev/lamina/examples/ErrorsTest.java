package dev.lamina.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lamina.training.io.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad options exit with 2, bad files with 1; both print one line on stderr unless --verbose. */
class ErrorsTest {
  @TempDir
  Path tmp;
  private Path data;

  @BeforeEach
  void writeData() throws IOException {
    data = TinyMnist.write(tmp.resolve("data"), 30, 10);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "--lr, -0.5, --lr must be a positive number, got -0.5",
      "--lr, abc, '--lr': 'abc' is not a double",
      "--lr, 1e39, '--lr must be a positive number a float holds (1.4E-45 to 3.4028235E38), got"
          + " 1.0E39'",
      "--lr, 1e-320, '--lr must be a positive number a float holds (1.4E-45 to 3.4028235E38), got"
          + " 1.0E-320'",
      "--lr-decay, 1.5, '--lr-decay must be in (0, 1], got 1.5'",
      "--lr-decay, 0, '--lr-decay must be in (0, 1], got 0.0'",
      "--epochs, 0, --epochs must be positive, got 0",
      "--train-size, -3, --train-size must be positive, got -3",
      "--test-size, 0, --test-size must be positive, got 0",
      "--threads, 0, '--threads must be in [1, 32768], got 0'",
      "--threads, 100000, '--threads must be in [1, 32768], got 100000'",
      "--batch-size, 0, expected a positive number or 'full', got '0'",
      "--batch-size, half, expected a positive number or 'full', got 'half'",
      "--optimizer, rmsprop, '--optimizer': expected one of [SGD, MOMENTUM, ADAM]",
      "--model, resnet, --model: unknown model 'resnet'; known: seed, lenet",
      "--dataset, cifar, --dataset: unknown dataset 'cifar'",
      "--train-size, 31, --train-size must be at most 30 (the train set's size), got 31",
      "--test-size, 11, --test-size must be at most 10 (the test set's size), got 11",
  })
  void aBadOptionIsAUsageError(String option, String value, String message) {
    Map<String, String> options = new LinkedHashMap<>(Map.of("--train-size", "30",
        "--test-size", "10", "--epochs", "1"));
    options.put(option, value);
    List<String> args = new ArrayList<>(List.of("train", "--data-dir", data.toString()));
    options.forEach((k, v) -> args.addAll(List.of(k, v)));

    Run run = Run.of(args.toArray(String[]::new));

    assertEquals(2, run.exitCode(), run.err());
    assertEquals(1, run.errLines(), run.err());
    assertTrue(run.err().contains(message), run.err());
    assertTrue(run.err().contains("see 'lamina train --help'"), run.err());
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    Run run = Run.of("train", "--epoch", "3");

    assertEquals(2, run.exitCode());
    assertEquals(1, run.errLines(), run.err());
    assertTrue(run.err().contains("Unknown options: '--epoch', '3'"), run.err());
  }

  @Test
  void aMissingDataFolderIsNamed() {
    Path missing = tmp.resolve("nowhere");

    Run run = Run.of("train", "--data-dir", missing.toString());

    assertEquals(1, run.exitCode());
    assertEquals(
        "lamina train: --data-dir " + missing + ": data folder does not exist",
        run.err().strip());
  }

  @Test
  void aTruncatedImageFileIsNamedWithoutAStackTrace() throws IOException {
    Path images = data.resolve("train-images-idx3-ubyte");
    byte[] bytes = Files.readAllBytes(images);
    Files.write(images, Arrays.copyOf(bytes, bytes.length - 100));

    Run run = Run.of("train", "--data-dir", data.toString(), "--train-size", "10");

    assertEquals(1, run.exitCode());
    assertEquals(1, run.errLines(), run.err());
    assertTrue(
        run.err().startsWith("lamina train: --data-dir " + data + ": " + images + ": truncated"),
        run.err());
  }

  @Test
  void verboseAddsTheStackTrace() throws IOException {
    Files.delete(data.resolve("t10k-labels-idx1-ubyte"));

    Run run = Run.of("train", "--data-dir", data.toString(), "--train-size", "10", "--verbose");

    assertEquals(1, run.exitCode());
    assertTrue(run.err().lines().findFirst().orElseThrow().contains("t10k-labels-idx1-ubyte"),
        run.err());
    assertTrue(run.errLines() > 3, run.err());
    assertTrue(run.err().contains("\tat dev.lamina."), run.err());
  }

  @Test
  void anUnwritableOutputFailsBeforeTrainingNamingTheOption() {
    Path report = tmp.resolve("data").resolve("train-labels-idx1-ubyte").resolve("r.json");
    Path model = tmp.resolve("m.lmf");

    Run run = Run.of("train", "--data-dir", data.toString(), "--train-size", "10",
        "--test-size", "10", "--epochs", "1", "--save", model.toString(),
        "--report", report.toString());

    assertEquals(1, run.exitCode());
    assertEquals(1, run.errLines(), run.err());
    assertEquals("lamina train: --report: cannot write " + report + ": " + report.getParent()
        + " is a file, not a folder", run.err().strip());
    assertTrue(run.out().isEmpty(), "nothing was trained: " + run.out());
    assertTrue(Files.isRegularFile(report.getParent()));
    assertFalse(Files.exists(model), "no model written either");
  }

  @Test
  void aFolderWhereNoFileCanBeCreatedIsNamedBeforeTraining() {
    Path proc = Path.of("/proc");
    assumeTrue(Files.isDirectory(proc.resolve("self")), "needs Linux's /proc");

    Run run = Run.of("train", "--data-dir", data.toString(), "--report", "/proc/r.json");

    assertEquals(1, run.exitCode());
    assertEquals("lamina train: --report: cannot write /proc/r.json: cannot create a file in /proc",
        run.err().strip());
    assertTrue(run.out().isEmpty(), run.out());
  }

  @Test
  void aFolderGivenForAnInputFileOrAFileForTheDataFolderIsNamedAsSuch() throws IOException {
    Path file = tmp.resolve("model.lmf");
    ModelFiles.save(Models.seed(1), file, ExampleLayers.registry());

    Run model = Run.of("evaluate", "--model-file", tmp.toString());
    Run image = Run.of("predict", "--model-file", file.toString(), "--image", tmp.toString());
    Run folder = Run.of("train", "--data-dir", file.toString());

    assertEquals("lamina evaluate: --model-file " + tmp + ": a folder, not a model file",
        model.err().strip());
    assertEquals("lamina predict: --image " + tmp + ": a folder, not an image file",
        image.err().strip());
    assertEquals("lamina train: --data-dir " + file + ": a file, not a data folder",
        folder.err().strip());
    assertEquals(List.of(1, 1, 1), List.of(model.exitCode(), image.exitCode(), folder.exitCode()));
  }

  @Test
  void aRunThatFailsBeforeTrainingLeavesNoOutputFolders() {
    Path out = tmp.resolve("out");

    Run run = Run.of("train", "--data-dir", tmp.resolve("nowhere").toString(),
        "--save", out.resolve("deep/m.lmf").toString(),
        "--report", out.resolve("r.json").toString());

    assertEquals(1, run.exitCode());
    assertTrue(run.err().contains("data folder does not exist"), run.err());
    assertFalse(Files.exists(out), "the checks created nothing");
  }

  @Test
  void anOutputThatWouldOverwriteAnotherOrAnInputIsAUsageError() throws IOException {
    Path model = tmp.resolve("model.lmf");
    ModelFiles.save(Models.seed(1), model, ExampleLayers.registry());
    byte[] saved = Files.readAllBytes(model);
    Path x = tmp.resolve("x");
    Path labels = data.resolve("t10k-labels-idx1-ubyte");
    byte[] labelBytes = Files.readAllBytes(labels);

    Run twice = Run.of("train", "--data-dir", data.toString(), "--save", x.toString(),
        "--report", tmp.resolve("./x").toString());
    Run overModel = Run.of("evaluate", "--model-file", model.toString(), "--data-dir",
        data.toString(), "--report", tmp.resolve("sub/../model.lmf").toString());
    Run overData = Run.of("train", "--data-dir", data.toString(), "--save", labels.toString());

    assertEquals("lamina train: --report " + tmp.resolve("./x") + " is also --save: the run"
        + " would overwrite it; give another file (see 'lamina train --help')",
        twice.err().strip());
    assertEquals("lamina evaluate: --report " + tmp.resolve("sub/../model.lmf") + " is also"
        + " --model-file: the run would overwrite it; give another file (see 'lamina evaluate"
        + " --help')", overModel.err().strip());
    assertEquals("lamina train: --save " + labels + " is also --data-dir's t10k-labels-idx1-ubyte:"
        + " the run would overwrite it; give another file (see 'lamina train --help')",
        overData.err().strip());
    assertEquals(List.of(2, 2, 2),
        List.of(twice.exitCode(), overModel.exitCode(), overData.exitCode()));
    assertArrayEquals(saved, Files.readAllBytes(model));
    assertArrayEquals(labelBytes, Files.readAllBytes(labels));
    assertFalse(Files.exists(x));
  }

  @Test
  void aLinkToTheModelFileIsTheModelFile() throws IOException {
    Path model = tmp.resolve("model.lmf");
    ModelFiles.save(Models.seed(1), model, ExampleLayers.registry());
    Path link = Files.createLink(tmp.resolve("hard.lmf"), model);

    Run run = Run.of("evaluate", "--model-file", model.toString(), "--data-dir",
        data.toString(), "--report", link.toString());

    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("is also --model-file"), run.err());
  }

  @Test
  void aWriteThatFailsRemovesTheFoldersItCreated() {
    Path out = tmp.resolve("out");
    String tooLong = "m".repeat(300) + ".lmf"; // the folders can be made, the file cannot

    Run run = Run.of("train", "--data-dir", data.toString(), "--train-size", "10",
        "--test-size", "10", "--epochs", "1", "--save", out.resolve("a/b/" + tooLong).toString());

    assertEquals(1, run.exitCode());
    assertTrue(run.err().startsWith("lamina train: --save"), run.err());
    assertFalse(Files.exists(out), "the folders made for the failed write are gone");
  }

  @Test
  void aFailedWriteLeavesTheUsersLinksAlone() throws IOException {
    Path dangling = Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("nowhere"));

    Run run = Run.of("train", "--data-dir", data.toString(), "--train-size", "10",
        "--test-size", "10", "--epochs", "1", "--save", dangling.resolve("sub/m.lmf").toString());

    assertEquals(1, run.exitCode(), run.err());
    assertTrue(Files.isSymbolicLink(dangling), "the link is still there");
  }

  @Test
  void aFolderGivenAsOutputFileIsNamed() {
    Run run = Run.of("train", "--data-dir", data.toString(), "--plot", tmp.toString());

    assertEquals(1, run.exitCode());
    assertEquals("lamina train: --plot: cannot write " + tmp + ": it is a folder",
        run.err().strip());
  }

  @Test
  void missingOutputFoldersAreCreatedForEveryOutput() throws IOException {
    Path out = tmp.resolve("new/nested");

    Run run = Run.of("train", "--data-dir", data.toString(), "--train-size", "10",
        "--test-size", "10", "--epochs", "1", "--save", out.resolve("a/m.lmf").toString(),
        "--report", out.resolve("b/r.json").toString(),
        "--plot", out.resolve("c/p.png").toString());

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(Files.size(out.resolve("a/m.lmf")) > 0);
    assertTrue(Files.size(out.resolve("b/r.json")) > 0);
    assertTrue(Files.size(out.resolve("c/p.png")) > 0);
    try (var left = Files.walk(out)) {
      assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("."))
          .toList(), "no probe or temporary file is left behind");
    }
  }
}
