package dev.lamina.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.Sequential;
import dev.lamina.layers.Softmax;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.compute.ComputeBackends;
import dev.lamina.tensor.compute.Parallel;
import dev.lamina.training.io.ModelFiles;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** train --save, then evaluate and predict with the saved model. */
class SavedModelCommandsTest {
  @TempDir
  static Path tmp;
  static String data;
  static Path model;
  static Run training;

  @BeforeAll
  static void trainAndSave() throws IOException {
    data = TinyMnist.write(tmp.resolve("data"), 60, 30).toString();
    model = tmp.resolve("model.lmf");
    training = Run.of("train", "--data-dir", data, "--train-size", "60", "--test-size", "30",
        "--epochs", "10", "--batch-size", "10", "--optimizer", "adam", "--lr", "0.01",
        "--save", model.toString());
    assertEquals(0, training.exitCode(), training.err());
  }

  @Test
  void evaluateGivesExactlyTheAccuracyTrainingReported() throws IOException {
    Path report = tmp.resolve("eval.json");

    Run run = Run.of("evaluate", "--model-file", model.toString(), "--data-dir", data,
        "--report", report.toString());

    assertEquals(0, run.exitCode(), run.err());
    String trained = find(training.out(), "Test Accuracy: (\\S+)%");
    assertEquals(trained, find(run.out(), "Test Accuracy: (\\S+)% \\(30 images\\)"));
    assertTrue(run.out().contains("Per-class accuracy:"), run.out());
    assertTrue(run.out().contains("Confusion matrix (rows: true class, columns: predicted class):"),
        run.out());
    assertTrue(run.out().lines().anyMatch(l -> l.matches("true\\\\pred(\\s+\\d){10}")), run.out());
    JsonNode json = JsonFiles.mapper().readTree(report.toFile());
    assertEquals(30, json.get("testSize").asInt());
    assertEquals(Double.parseDouble(trained), 100 * json.get("testAccuracy").asDouble(), 0.005);
    assertTrue(json.get("inferenceImagesPerSecond").asDouble() > 0);
    assertEquals(Parallel.threads(), json.get("threads").asInt());
    assertEquals(ComputeBackends.current().name(), json.get("backend").asText());
    assertEquals(10, json.get("perClassAccuracy").size());
    assertEquals(10, json.get("confusionMatrix").size());
    long total = 0;
    for (JsonNode row : json.get("confusionMatrix")) {
      for (JsonNode v : row) {
        total += v.asLong();
      }
    }
    assertEquals(30, total);
  }

  @Test
  void predictPrintsTheClassThenEveryProbability() {
    Run run =
        Run.of("predict", "--model-file", model.toString(), "--data-dir", data, "--index", "7");

    assertEquals(0, run.exitCode(), run.err());
    List<String> lines = run.out().lines().toList();
    assertTrue(lines.get(0).matches("Predicted: 7 \\(0\\.\\d{4}\\)|Predicted: 7 \\(1\\.0000\\)"),
        run.out());
    assertEquals(12, lines.size(), run.out());
    double sum = 0;
    for (int c = 0; c < 10; c++) {
      assertTrue(lines.get(1 + c).startsWith("  " + c + ": "), lines.get(1 + c));
      sum += Double.parseDouble(lines.get(1 + c).substring(5));
    }
    assertEquals(1, sum, 0.002);
    assertEquals("Label: 7", lines.get(11));
  }

  @Test
  void predictReadsAnyPng() throws IOException {
    Path png = tmp.resolve("one.png");
    ImageIO.write(stroke(90, 120, 30, 20, 12, 80), "png", png.toFile());

    Run run = Run.of("predict", "--model-file", model.toString(), "--image", png.toString());

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().startsWith("Predicted: "), run.out());
  }

  @Test
  void predictNeedsExactlyOneInput() {
    Run none = Run.of("predict", "--model-file", model.toString());
    Run both =
        Run.of("predict", "--model-file", model.toString(), "--index", "1", "--image", "x.png");

    assertEquals(2, none.exitCode());
    assertTrue(none.err().contains("--image") && none.err().contains("--index"), none.err());
    assertEquals(2, both.exitCode());
    assertEquals(1, both.errLines(), both.err());
  }

  @Test
  void anIndexOutsideTheTestSetIsAUsageError() {
    Run run =
        Run.of("predict", "--model-file", model.toString(), "--data-dir", data, "--index", "30");

    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("--index must be below 30 (the test set's size), got 30"),
        run.err());
  }

  @Test
  void aDamagedModelFileIsNamedInOneLine() throws IOException {
    byte[] bytes = Files.readAllBytes(model);
    bytes[bytes.length / 2] ^= 0x10;
    Path damaged = Files.write(tmp.resolve("damaged.lmf"), bytes);

    Run run = Run.of("evaluate", "--model-file", damaged.toString(), "--data-dir", data);

    assertEquals(1, run.exitCode());
    assertEquals(1, run.errLines(), run.err());
    assertTrue(run.err().startsWith("lamina evaluate: --model-file: " + damaged + ": "), run.err());
    assertEquals("", run.out());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"evaluate", "predict"})
  void aModelForOtherImagesIsAOneLineFailureNamingTheModelFile(String command) throws IOException {
    Path small = tmp.resolve("small-" + command + ".lmf");
    ModelFiles.save(
        Sequential.of(Shape.of(1, 14, 14), new Flatten(), new Dense(10), new Softmax()), small);

    List<String> args = new ArrayList<>(
        List.of(command, "--model-file", small.toString(), "--data-dir", data));
    if (command.equals("predict")) {
      args.addAll(List.of("--index", "0"));
    }

    Run run = Run.of(args.toArray(String[]::new));

    assertEquals(1, run.exitCode(), run.err());
    assertEquals(1, run.errLines(), run.err());
    assertEquals("lamina " + command + ": --model-file " + small
        + ": the model takes samples of [1, 14, 14],"
        + " but the test set of mnist has samples of [1, 28, 28]", run.err().strip());
  }

  @Test
  void aModelWithOtherClassesIsAOneLineFailureNamingTheModelFile() throws IOException {
    Path five = tmp.resolve("five.lmf");
    ModelFiles.save(
        Sequential.of(Shape.of(1, 28, 28), new Flatten(), new Dense(5), new Softmax()), five);

    Run run = Run.of("evaluate", "--model-file", five.toString(), "--data-dir", data);

    assertEquals(1, run.exitCode(), run.err());
    assertEquals("lamina evaluate: --model-file " + five
        + ": the model outputs [5] per sample, but the test set"
        + " of mnist has 10 classes", run.err().strip());
  }

  @Test
  void aMissingModelFileOrImageIsNamed() {
    Path missing = tmp.resolve("missing.lmf");
    Run noModel = Run.of("predict", "--model-file", missing.toString(), "--index", "0");
    Run noImage = Run.of("predict", "--model-file", model.toString(),
        "--image", tmp.resolve("none.png").toString());

    assertEquals(1, noModel.exitCode());
    assertTrue(noModel.err().contains("--model-file: " + missing), noModel.err());
    assertEquals(1, noImage.exitCode());
    assertTrue(noImage.err().contains("none.png: no such file"), noImage.err());
  }

  @Test
  void theImageIsCheckedBeforeTheModelIsLoaded() {
    Path missing = tmp.resolve("missing.lmf");

    Run run = Run.of("predict", "--model-file", missing.toString(),
        "--image", tmp.resolve("none.png").toString());

    assertEquals(1, run.exitCode());
    assertEquals("lamina predict: --image " + tmp.resolve("none.png") + ": no such file",
        run.err().strip());
  }

  @Test
  void anImageThatIsNoRegularFileIsNamedAsSuch() {
    Path device = Path.of("/dev/null");
    assumeTrue(Files.exists(device) && !Files.isRegularFile(device));

    Run run = Run.of("predict", "--model-file", tmp.resolve("missing.lmf").toString(),
        "--image", device.toString());

    assertEquals(1, run.exitCode());
    assertEquals("lamina predict: --image /dev/null: not an image file but a device",
        run.err().strip());
  }

  @Test
  void aFileThatIsNoImageIsNamed() throws IOException {
    Path text = Files.writeString(tmp.resolve("digit.png"), "not a picture");

    Run run = Run.of("predict", "--model-file", model.toString(), "--image", text.toString());

    assertEquals(1, run.exitCode());
    assertEquals("lamina predict: --image " + text
        + ": not an image this Java can read (PNG, JPEG, GIF or BMP)",
        run.err().strip());
  }

  @Test
  void anImageWhoseHeaderClaimsTooManyPixelsIsRefusedBeforeItIsDecoded() throws IOException {
    Path huge = Files.write(tmp.resolve("huge.png"), png(30000, 30000, new byte[0]));

    Run run = Run.of("predict", "--model-file", model.toString(), "--image", huge.toString());

    assertEquals(1, run.exitCode());
    assertEquals("lamina predict: --image " + huge + ": 30000 x 30000 pixels is more than"
        + " predict reads (25 million); scale it down first", run.err().strip());
  }

  @Test
  void anImageWithBrokenPixelDataSaysSo() throws IOException {
    Path broken = Files.write(tmp.resolve("broken.png"),
        png(28, 28, "these are not deflated pixels".getBytes(StandardCharsets.US_ASCII)));

    Run run = Run.of("predict", "--model-file", model.toString(), "--image", broken.toString());

    assertEquals(1, run.exitCode());
    assertEquals(1, run.errLines(), run.err());
    assertTrue(run.err().startsWith("lamina predict: --image " + broken + ": "), run.err());
    assertTrue(run.err().strip().endsWith(")"), "the reader's reason follows: " + run.err());
  }

  @ParameterizedTest(name = "cut to {0}%")
  @ValueSource(ints = {30, 60, 90})
  void aTruncatedJpegIsDamageNotAGuess(int percent) throws IOException {
    Path jpeg = tmp.resolve("seven.jpg");
    ImageIO.write(stroke(280, 280, 120, 40, 30, 200), "jpg", jpeg.toFile());
    byte[] bytes = Files.readAllBytes(jpeg);
    Path cut = Files.write(tmp.resolve("cut" + percent + ".jpg"),
        Arrays.copyOf(bytes, bytes.length * percent / 100));

    Run whole = Run.of("predict", "--model-file", model.toString(), "--image", jpeg.toString());
    Run run = Run.of("predict", "--model-file", model.toString(), "--image", cut.toString());

    assertEquals(0, whole.exitCode(), whole.err());
    assertEquals(1, run.exitCode(), run.out());
    assertEquals("", run.out());
    assertEquals(1, run.errLines(), run.err());
    assertTrue(run.err().startsWith("lamina predict: --image " + cut
        + ": a damaged image (the JPEG reader warned: "), run.err());
  }

  @Test
  void anImageTooLargeOnceDecodedIsRefusedFromItsHeader() {
    Path file = tmp.resolve("float.tif");
    // 16 bytes a pixel, as four 32-bit float channels: 16 million pixels would need 336 MB
    CliFailure refused =
        assertThrows(CliFailure.class, () -> PredictCommand.checkSize(file, 4000, 4000, 16));
    PredictCommand.checkSize(file, 5000, 5000, 8); // 16-bit RGBA at the most pixels

    assertEquals("--image " + file + ": 4000 x 4000 pixels of 16 bytes each need 320 MB to read,"
        + " more than predict reads (309 MB); scale it down or save it with 8 bits a channel"
        + " first", refused.getMessage());
  }

  @Test
  void predictCallsTheOutputsOfAModelWithoutSoftmaxScores() throws IOException {
    Path raw = tmp.resolve("raw.lmf");
    ModelFiles.save(Sequential.of(Shape.of(1, 28, 28), new Flatten(), new Dense(10)), raw);

    Run run =
        Run.of("predict", "--model-file", raw.toString(), "--data-dir", data, "--index", "3");

    assertEquals(0, run.exitCode(), run.err());
    List<String> lines = run.out().lines().toList();
    assertTrue(lines.get(0).matches("Predicted: \\d \\(score -?\\d+\\.\\d{4}\\)"), run.out());
    assertEquals(12, lines.size(), run.out());
  }

  @Test
  void predictNeedsAModelThatScoresClasses() throws IOException {
    Path maps = tmp.resolve("maps.lmf");
    ModelFiles.save(Sequential.of(Shape.of(1, 28, 28), new Conv2D(4, 3)), maps);
    Path png = tmp.resolve("seven.png");
    ImageIO.write(stroke(28, 28, 12, 4, 4, 20), "png", png.toFile());

    Run run = Run.of("predict", "--model-file", maps.toString(), "--image", png.toString());

    assertEquals(1, run.exitCode());
    assertEquals("lamina predict: --model-file " + maps + ": the model outputs [4, 26, 26] per"
        + " sample, not one score per class", run.err().strip());
  }

  /** A grey 8-bit PNG of {@code width} x {@code height} whose one IDAT chunk holds {@code idat}. */
  private static byte[] png(int width, int height, byte[] idat) {
    ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height)
        .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(out, "IHDR", header.array());
    chunk(out, "IDAT", idat);
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /** A white {@code width} x {@code height} picture with one black bar, like a hand-drawn 1. */
  private static BufferedImage stroke(int width, int height, int x, int y, int barWidth,
      int barHeight) {
    BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = picture.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.fillRect(x, y, barWidth, barHeight);
    g.dispose();
    return picture;
  }

  @Test
  void savingTheSameTrainingTwiceGivesTheSameBytes() throws IOException {
    Path again = tmp.resolve("again.lmf");
    Run run = Run.of("train", "--data-dir", data, "--train-size", "60", "--test-size", "30",
        "--epochs", "10", "--batch-size", "10", "--optimizer", "adam", "--lr", "0.01",
        "--save", again.toString());

    assertEquals(0, run.exitCode(), run.err());
    assertArrayEquals(Files.readAllBytes(model), Files.readAllBytes(again));
  }

  private static String find(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), regex + " not in:\n" + text);
    return m.group(1);
  }
}
