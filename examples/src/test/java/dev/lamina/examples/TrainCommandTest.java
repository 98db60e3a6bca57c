package dev.lamina.examples;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.tensor.compute.Parallel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
  @TempDir
  Path tmp;
  private String data;

  @BeforeEach
  void writeData() throws IOException {
    data = TinyMnist.write(tmp.resolve("data"), 60, 20).toString();
  }

  private Run train(String... options) {
    String[] args = Stream.concat(Stream.of("train", "--data-dir", data), Stream.of(options))
        .toArray(String[]::new);
    return Run.of(args);
  }

  @Test
  void printsTheSummaryAndTheNotebooksLines() {
    Run run = train("--train-size", "50", "--test-size", "20", "--epochs", "3");

    assertEquals(0, run.exitCode(), run.err());
    List<String> lines = run.out().lines().toList();
    assertTrue(lines.contains("Total params: 173,810"), run.out());
    int init = lines.indexOf("CNN Initialized. Output Classes: 10");
    assertTrue(init > 0, run.out());
    assertTrue(
        lines.get(init + 1).matches("Epoch 1: Loss = \\d\\.\\d{4}, Accuracy = \\d+\\.\\d{2}%"),
        lines.get(init + 1));
    assertTrue(lines.get(init + 3).startsWith("Epoch 3: Loss = "), run.out());
    assertTrue(lines.get(init + 4).matches("Test Accuracy: \\d+\\.\\d{2}%"), lines.get(init + 4));
    assertEquals(init + 5, lines.size(), run.out());
  }

  @Test
  void aRunIsReproducible() {
    String[] options =
        {"--train-size", "30", "--test-size", "10", "--epochs", "2", "--batch-size", "8"};
    assertEquals(train(options).out(), train(options).out());
  }

  @Test
  void theReportGetsTheUsualPermissionsAndNoTemporaryFileStays() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Path folder = Files.createDirectories(tmp.resolve("reports"));
    Path usual = Files.createFile(folder.resolve("usual"));
    Path report = folder.resolve("report.json");

    Run run = train("--train-size", "10", "--test-size", "10", "--epochs", "1",
        "--report", report.toString());

    assertEquals(0, run.exitCode(), run.err());
    assertEquals(Files.getPosixFilePermissions(usual), Files.getPosixFilePermissions(report));
    assertNotEquals(PosixFilePermissions.fromString("rw-------"),
        Files.getPosixFilePermissions(report));
    try (Stream<Path> files = Files.list(folder)) {
      assertEquals(List.of("report.json", "usual"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void oneAndTwoThreadsGiveBitwiseTheSameReport() throws IOException {
    int threadsBefore = Parallel.threads();
    try {
      JsonNode one = report(1);
      JsonNode two = report(2);

      assertEquals(1, one.get("threads").asInt());
      assertEquals(2, two.get("threads").asInt());
      assertEquals(3, one.get("epochs").size());
      for (int e = 0; e < 3; e++) {
        for (String key : List.of("loss", "accuracy")) {
          assertEquals(Double.doubleToRawLongBits(one.get("epochs").get(e).get(key).asDouble()),
              Double.doubleToRawLongBits(two.get("epochs").get(e).get(key).asDouble()),
              "epoch " + (e + 1) + " " + key);
        }
      }
      assertEquals(Double.doubleToRawLongBits(one.get("testAccuracy").asDouble()),
          Double.doubleToRawLongBits(two.get("testAccuracy").asDouble()));
    } finally {
      Parallel.setThreads(threadsBefore);
    }
  }

  private JsonNode report(int threads) throws IOException {
    Path report = tmp.resolve("threads-" + threads + ".json");
    Run run = train("--train-size", "40", "--test-size", "20", "--epochs", "3", "--batch-size", "8",
        "--threads", String.valueOf(threads), "--report", report.toString());
    assertEquals(0, run.exitCode(), run.err());
    return JsonFiles.mapper().readTree(report.toFile());
  }

  @Test
  void writesTheReportWithEveryKey() throws IOException {
    Path report = tmp.resolve("report.json");

    Run run = train("--train-size", "40", "--test-size", "20", "--epochs", "12",
        "--batch-size", "10", "--optimizer", "adam", "--lr", "0.01", "--threads", "2",
        "--report", report.toString());

    assertEquals(0, run.exitCode(), run.err());
    JsonNode json = JsonFiles.mapper().readTree(report.toFile());
    assertAll(
        () -> assertEquals("seed", json.get("model").asText()),
        () -> assertEquals("mnist", json.get("dataset").asText()),
        () -> assertEquals(40, json.get("trainSize").asInt()),
        () -> assertEquals(20, json.get("testSize").asInt()),
        () -> assertEquals(2, json.get("threads").asInt()),
        () -> assertFalse(json.get("backend").asText().isEmpty()),
        () -> assertEquals(12, json.get("epochs").size()),
        () -> assertEquals(12, json.get("epochs").get(11).get("epoch").asInt()),
        () -> assertTrue(json.get("epochs").get(0).has("loss")),
        () -> assertTrue(json.get("epochs").get(0).has("accuracy")),
        () -> assertTrue(json.get("epochs").get(0).get("seconds").asDouble() > 0),
        () -> assertTrue(json.get("trainSeconds").asDouble() > 0),
        () -> assertTrue(json.get("trainImagesPerSecond").asDouble() > 0),
        () -> assertTrue(json.get("inferenceImagesPerSecond").asDouble() > 0),
        // the blocks are easy: a dozen Adam epochs learn them
        () -> assertTrue(json.get("testAccuracy").asDouble() >= 0.9, json.toString()));
    String expected =
        String.format("Test Accuracy: %.2f%%", 100 * json.get("testAccuracy").asDouble());
    assertTrue(run.out().contains(expected), run.out());
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(List.of("data", "report.json"),
          files.map(p -> p.getFileName().toString()).sorted().toList(),
          "no temporary file left behind");
    }
  }

  @Test
  void writesThePlotAsPng() throws IOException {
    Path plot = tmp.resolve("plot.png");

    Run run = train("--train-size", "20", "--test-size", "10", "--epochs", "3",
        "--plot", plot.toString());

    assertEquals(0, run.exitCode(), run.err());
    BufferedImage image = ImageIO.read(plot.toFile());
    assertNotNull(image, "not a readable image");
    assertEquals(800, image.getWidth());
    assertEquals(500, image.getHeight());
  }

  @Test
  void trainsLenet() {
    Run run = train("--model", "LeNet", "--train-size", "10", "--test-size", "10", "--epochs", "1",
        "--batch-size", "5", "--optimizer", "momentum", "--lr", "0.05");

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("Total params: 431,080"), run.out());
    assertTrue(run.out().contains("Test Accuracy: "), run.out());
  }

  @Test
  void theLearningRateDecaysByTheModelsRecipeUnlessToldOtherwise() {
    String[] lenet = {"--model", "lenet", "--train-size", "10", "--test-size", "10",
        "--epochs", "2", "--batch-size", "5", "--optimizer", "momentum", "--lr", "0.05"};
    String byDefault = train(lenet).out();
    String decayed = train(concat(lenet, "--lr-decay", "0.7")).out();
    String constant = train(concat(lenet, "--lr-decay", "1")).out();

    assertEquals(decayed, byDefault);
    assertNotEquals(constant.substring(constant.indexOf("Epoch 2")),
        decayed.substring(decayed.indexOf("Epoch 2")));
    assertEquals(constant.substring(0, constant.indexOf("Epoch 2")),
        decayed.substring(0, decayed.indexOf("Epoch 2")),
        "the first epoch runs at the full rate");
    String[] seed = {"--train-size", "10", "--test-size", "10", "--epochs", "2"};
    assertEquals(train(seed).out(), train(concat(seed, "--lr-decay", "1")).out(),
        "the notebook's rate is constant");
  }

  private static String[] concat(String[] first, String... more) {
    return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
  }

  @Test
  void helpDocumentsEveryOptionWithItsDefault() {
    Run run = Run.of("train", "--help");

    assertEquals(0, run.exitCode());
    String help = run.out().replaceAll("\\s+", " ");
    for (String option : List.of("--model", "--dataset", "--data-dir", "--train-size",
        "--test-size", "--epochs", "--batch-size", "--optimizer", "--lr", "--lr-decay", "--seed",
        "--threads", "--report", "--plot", "--verbose")) {
      assertTrue(help.contains(option), option + " missing from help");
    }
    for (String fragment : List.of("Default: seed", "Default: mnist", "Default: 500",
        "Default: 100", "Default: 25", "Default: full", "Default: sgd", "Default: 0.1",
        "Default: 42")) {
      assertTrue(help.contains(fragment), fragment + " missing from help:\n" + run.out());
    }
  }
}
