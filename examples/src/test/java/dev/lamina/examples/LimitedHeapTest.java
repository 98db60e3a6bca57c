package dev.lamina.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.layers.Conv2D;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.MaxPool2D;
import dev.lamina.layers.Sequential;
import dev.lamina.layers.Softmax;
import dev.lamina.tensor.Shape;
import dev.lamina.training.io.ModelFiles;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** predict and evaluate in a JVM with a small heap, where memory per pixel or sample shows. */
class LimitedHeapTest {
  @TempDir
  static Path tmp;
  static Path model;

  @BeforeAll
  static void saveModel() throws IOException {
    model = tmp.resolve("flat.lmf");
    ModelFiles.save(
        Sequential.of(Shape.of(1, 28, 28), new Flatten(), new Dense(10), new Softmax()), model);
  }

  /** A grey picture, black with a white bar across rows {@code [from, to)}. */
  private static Path bar(String name, int width, int height, int from, int to)
      throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster pixels = image.getRaster();
    for (int y = from; y < to; y++) {
      for (int x = 0; x < width; x++) {
        pixels.setSample(x, y, 0, 255);
      }
    }
    Path file = tmp.resolve(name);
    ImageIO.write(image, "png", file.toFile());
    return file;
  }

  @Test
  void aNarrowImageTakesAFewBytesAPixel() throws Exception {
    // 4 million pixels: 16 MB of grey levels in one array; a row array each took 80 MB
    Path narrow = bar("narrow.png", 1, 4_000_000, 1_000_000, 3_000_000);

    Launched run = Launched.of(tmp, "64m", "predict", "--model-file", model.toString(),
        "--image", narrow.toString());

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().startsWith("Predicted: "), run.out());
  }

  @Test
  void runningOutOfHeapOnAnImageNamesIt() throws Exception {
    Path large = bar("large.png", 3000, 3000, 1000, 2000);

    Launched run = Launched.of(tmp, "32m", "predict", "--model-file", model.toString(),
        "--image", large.toString());

    assertEquals(1, run.exitCode(), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(run.err().startsWith("lamina predict: --image " + large + ": out of memory ("),
        run.err());
    assertTrue(run.err().contains("reading its 3000 x 3000 pixels: scale it down, or give Java"
        + " more heap, e.g. LAMINA_JAVA_OPTS=-Xmx4g"), run.err());
  }

  @Test
  void evaluateRunsEveryModelWhoseOneSampleFits() throws Exception {
    // 8.4 MB of activations per sample: 20 of them at once, as before, overflow a 96 MB heap
    Path wide = tmp.resolve("wide.lmf");
    ModelFiles.save(Sequential.of(Shape.of(1, 28, 28),
        Conv2D.builder(4).kernel(3).padding(349).build(), new MaxPool2D(724), new Flatten(),
        new Dense(10), new Softmax()), wide);
    String data = TinyMnist.write(tmp.resolve("data"), 10, 20).toString();

    Launched run = Launched.of(tmp, "96m", "evaluate", "--model-file", wide.toString(),
        "--data-dir", data);

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().startsWith("Test Accuracy: "), run.out());
    assertTrue(run.out().contains("(20 images)"), run.out());
  }
}
