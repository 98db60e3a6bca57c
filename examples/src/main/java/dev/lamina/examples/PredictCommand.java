package dev.lamina.examples;

import dev.lamina.datasets.Dataset;
import dev.lamina.datasets.IoProblems;
import dev.lamina.datasets.Split;
import dev.lamina.layers.Sequential;
import dev.lamina.layers.Softmax;
import dev.lamina.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.SampleModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lamina predict}: the class a saved model gives one image, with every class's probability.
 * The first line is {@code Predicted: <class> (<probability>)}, or {@code Predicted: <class> (score
 * <score>)} for a model that does not end with a Softmax, whose outputs are no probabilities.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Predict the class of one image with a saved model.",
        "An image file is first made to look like an MNIST digit: grey, white ink on black, "
            + "cropped, scaled to fit 20x20 and centred in 28x28 by its centre of mass."})
public final class PredictCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private ModelFileOption modelFile;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private Input input;

  @Mixin
  private DataOptions data;

  /** Exactly one of {@code --image} and {@code --index}. */
  static final class Input {
    @Option(names = "--image", paramLabel = "IMAGE",
        description = "An image file (PNG, JPEG, GIF or BMP) of a digit, any size, "
            + "dark on light or light on dark.")
    Path image;

    @Option(names = "--index", paramLabel = "N",
        description = "The N-th image of the test set (from 0); its true label is printed too.")
    Integer index;
  }

  @Override
  public Integer call() {
    if (input.index != null && input.index < 0) {
      throw new ParameterException(
          spec.commandLine(), "--index must be 0 or more, got " + input.index);
    }
    Checks.namesSomething(spec.commandLine(), "--image", input.image, "file");
    Tensor image = input.image == null ? null : readImage(input.image); // before the model loads
    Sequential model = modelFile.load();
    Tensor x;
    Integer label = null;
    if (image != null) {
      x = image;
      modelFile.checkFits(model, x.shape().dropFirst(), 0, "--image " + input.image);
    } else {
      Dataset test = data.load(Split.TEST, null, "--index");
      if (input.index >= test.size()) {
        throw new ParameterException(spec.commandLine(), String.format(
            Locale.ROOT,
            "--index must be below %d (the test set's size), got %d", test.size(), input.index));
      }
      modelFile.checkFits(
          model, test.sampleShape(), test.classes(), "the test set of " + data.name());
      Dataset one = test.subset(input.index, input.index + 1);
      x = one.features();
      label = one.label(0);
    }
    Tensor output;
    try {
      output = model.predict(x);
    } catch (OutOfMemoryError e) {
      throw new CliFailure("--model-file " + modelFile.file() + ": " + CliErrors.outOfHeap(e)
          + " running the model on one image: " + CliErrors.moreHeap(), e);
    }
    print(output, model.lastLayer() instanceof Softmax, label);
    return 0;
  }

  /**
   * Prints the best class and every class's output: probabilities when the model ends with a
   * Softmax, else scores ({@code Predicted: 3 (score 2.1341)}), which may be any real numbers.
   */
  private void print(Tensor output, boolean probabilities, Integer label) {
    PrintWriter out = spec.commandLine().getOut();
    int best = output.argmax(1)[0]; // as evaluate and the trainer count it
    int classes = output.dim(1);
    out.printf(Locale.ROOT, "Predicted: %d (%s%.4f)%n", best, probabilities ? "" : "score ",
        output.get(0, best));
    for (int c = 0; c < classes; c++) {
      out.printf(Locale.ROOT, "  %d: %.4f%n", c, output.get(0, c));
    }
    if (label != null) {
      out.printf(Locale.ROOT, "Label: %d%n", label);
    }
    out.flush();
  }

  /** Pixels an image may have: 5000 x 5000 (a 12-megapixel photo passes). */
  static final long MAX_PIXELS = 25_000_000;

  /** Bytes a pixel of the decoded image may take: 8, as for 16-bit RGBA. */
  static final int MAX_RASTER_BYTES_PER_PIXEL = 8;

  /**
   * Bytes reading an image may allocate: its decoded raster and the grey levels and crop of {@link
   * DigitImages#toMnist}, 325 million (310 MB) for {@link #MAX_PIXELS} pixels of 8 bytes. The
   * launcher's heap (-Xmx600m, parallel collector) holds that, the raster and the grey levels
   * each one array in the old generation.
   */
  static final long MAX_BYTES =
      MAX_PIXELS * (MAX_RASTER_BYTES_PER_PIXEL + DigitImages.BYTES_PER_PIXEL);

  /**
   * {@code file} decoded, after its header's size was checked against {@link #MAX_PIXELS} and
   * {@link #MAX_BYTES}: a forged header claiming 30000 × 30000 pixels is refused before any pixel
   * is allocated. A warning from the image reader (a truncated JPEG decodes with only a "Premature
   * end of JPEG file" warning, its missing part grey) fails as damage.
   */
  private static BufferedImage decode(Path file) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw new CliFailure(
            "--image " + file + ": not an image this Java can read (PNG, JPEG, GIF or BMP)");
      }
      ImageReader reader = readers.next();
      try {
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        reader.setInput(in, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        checkSize(file, width, height, rasterBytesPerPixel(reader));
        BufferedImage image;
        try {
          image = reader.read(0);
        } catch (OutOfMemoryError e) {
          throw imageOutOfMemory(file, width, height, e);
        } catch (IIOException e) {
          if (e.getCause() instanceof OutOfMemoryError) { // how the PNG reader reports it
            throw imageOutOfMemory(file, width, height, (OutOfMemoryError) e.getCause());
          }
          throw e;
        }
        if (!warnings.isEmpty()) {
          throw new CliFailure(String.format(Locale.ROOT,
              "--image %s: a damaged image (the %s reader warned: %s)", file,
              reader.getFormatName(), String.join("; ", warnings)));
        }
        return image;
      } finally {
        reader.dispose();
      }
    }
  }

  /**
   * Bytes a pixel takes in the image {@code reader} decodes by default (its first image type),
   * rounded up; {@link #MAX_RASTER_BYTES_PER_PIXEL} when the reader does not say.
   */
  private static int rasterBytesPerPixel(ImageReader reader) throws IOException {
    Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
    if (types == null || !types.hasNext()) {
      return MAX_RASTER_BYTES_PER_PIXEL;
    }
    SampleModel pixels = types.next().getSampleModel();
    long bits = (long) pixels.getNumDataElements()
        * DataBuffer.getDataTypeSize(pixels.getTransferType());
    return (int) Math.max(1, (bits + 7) / 8);
  }

  static void checkSize(Path file, long width, long height, int rasterBytes) {
    long pixels = width * height;
    if (pixels > MAX_PIXELS) {
      throw new CliFailure(String.format(Locale.ROOT,
          "--image %s: %d x %d pixels is more than predict reads (%d million); scale it"
              + " down first", file, width, height, MAX_PIXELS / 1_000_000));
    }
    long bytes = pixels * (rasterBytes + DigitImages.BYTES_PER_PIXEL);
    if (bytes > MAX_BYTES) {
      throw new CliFailure(String.format(Locale.ROOT,
          "--image %s: %d x %d pixels of %d bytes each need %d MB to read, more than predict"
              + " reads (%d MB); scale it down or save it with 8 bits a channel first",
          file, width, height, rasterBytes, bytes >> 20, MAX_BYTES >> 20));
    }
  }

  /** Running out of heap while reading {@code file}, named, with what to change. */
  private static CliFailure imageOutOfMemory(Path file, int width, int height,
      OutOfMemoryError e) {
    return new CliFailure(String.format(Locale.ROOT,
        "--image %s: %s reading its %d x %d pixels: scale it down, or %s", file,
        CliErrors.outOfHeap(e), width, height, CliErrors.moreHeap()), e);
  }

  /**
   * An image reader's failure in words: its message (Java's image readers sometimes give an empty
   * one, or one ending in a colon), then its cause's in brackets.
   */
  private static String imageError(IOException e) {
    if (!(e instanceof IIOException)) {
      return CliErrors.describe(e);
    }
    String message = e.getMessage() == null ? "" : e.getMessage().strip();
    if (message.endsWith(":")) {
      message = message.substring(0, message.length() - 1).strip();
    }
    Throwable cause = e.getCause();
    String why = cause == null ? ""
        : " (" + (cause.getMessage() == null || cause.getMessage().isBlank()
            ? cause.getClass().getSimpleName() : cause.getMessage()) + ")";
    return (message.isEmpty() ? "broken or unsupported image" : message) + why;
  }

  private static Tensor readImage(Path file) {
    if (Files.isDirectory(file)) {
      throw new CliFailure("--image " + file + ": a folder, not an image file");
    }
    if (!Files.exists(file)) {
      throw new CliFailure("--image " + file + ": no such file");
    }
    if (!Files.isRegularFile(file)) {
      throw new CliFailure(
          "--image " + file + ": not an image file but " + IoProblems.fileKind(file));
    }
    if (!Files.isReadable(file)) {
      throw new CliFailure("--image " + file + ": permission denied");
    }
    BufferedImage image;
    try {
      image = decode(file);
    } catch (IOException e) {
      throw new CliFailure("--image " + file + ": " + imageError(e), e);
    }
    try {
      return DigitImages.toMnist(image);
    } catch (IllegalArgumentException e) {
      throw new CliFailure("--image " + file + ": " + e.getMessage(), e);
    } catch (OutOfMemoryError e) {
      throw imageOutOfMemory(file, image.getWidth(), image.getHeight(), e);
    }
  }
}
