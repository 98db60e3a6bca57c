package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PyTorch reference cases written by {@code tools/torch-reference/generate.py} into the test
 * resources ({@code torch-reference/*.txt}) of this module and of {@code training}, whose tests
 * use this class through the layers test jar, and the float32 comparison with them.
 *
 * <p>A file holds lines {@code case <kind> <name> key=value ...}, each followed by the case's
 * tensors, one a line: {@code <name> <d0>x<d1>x... v v v ...} (row-major; {@code scalar} for a 0-d
 * value). Lines starting with {@code #} are comments.
 */
public final class TorchCases {
  /**
   * Absolute and relative tolerance of every comparison. PyTorch and Lamina compute in float32 but
   * sum in different orders (blocked or vectorized products, sums in double here and in float
   * there), and {@code exp}, {@code tanh} differ in their last bits: each such step may move a
   * result by a few units in the last place (float32's epsilon is 1.2e-7), a sum of n terms by
   * about n of them relative to its largest term. The cases add at most a few hundred terms of
   * magnitude about 1, so 1e-5 absolute (for results that cancel to near zero) plus 1e-4 relative
   * is far above rounding and far below any real mistake (a wrong index, sign, scale, or a
   * missing or extra term moves a value by a sizeable fraction of its size).
   */
  public static final double ABSOLUTE = 1e-5;

  public static final double RELATIVE = 1e-4;

  private TorchCases() {}

  /** One case: its kind (the layer), name, settings and tensors. */
  public record Case(String kind, String name, Map<String, String> settings,
      Map<String, Tensor> tensors) {
    public Tensor tensor(String key) {
      Tensor t = tensors.get(key);
      if (t == null) {
        fail(this + " has no tensor " + key + " (it has " + tensors.keySet() + ")");
      }
      return t;
    }

    public String setting(String key) {
      String value = settings.get(key);
      if (value == null) {
        fail(this + " has no setting " + key + " (it has " + settings.keySet() + ")");
      }
      return value;
    }

    public int intSetting(String key) {
      return Integer.parseInt(setting(key));
    }

    /** A {@code HxW} setting as {@code {H, W}}. */
    public int[] pair(String key) {
      String[] parts = setting(key).split("x");
      return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }

    @Override
    public String toString() {
      return kind + " " + name;
    }
  }

  /** Every case of the resource {@code torch-reference/<file>}. */
  public static List<Case> read(String file) {
    String resource = "/torch-reference/" + file;
    try (InputStream in = TorchCases.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource
            + "; run tools/torch-reference/generate.py");
      }
      return parse(resource,
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(resource, e);
    }
  }

  private static List<Case> parse(String resource, BufferedReader reader) throws IOException {
    List<Case> cases = new ArrayList<>();
    Map<String, Tensor> tensors = null;
    String line;
    int number = 0;
    while ((line = reader.readLine()) != null) {
      number++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] tokens = line.trim().split(" +");
      if (tokens[0].equals("case")) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 3; i < tokens.length; i++) {
          String[] kv = tokens[i].split("=", 2);
          settings.put(kv[0], kv[1]);
        }
        tensors = new LinkedHashMap<>();
        cases.add(new Case(tokens[1], tokens[2], settings, tensors));
        continue;
      }
      if (tensors == null || tokens.length < 2) {
        throw new IllegalStateException(resource + " line " + number + ": expected a case");
      }
      tensors.put(tokens[0], tensor(resource, number, tokens));
    }
    return cases;
  }

  private static Tensor tensor(String resource, int line, String[] tokens) {
    int[] dims;
    if (tokens[1].equals("scalar")) {
      dims = new int[] {1};
    } else {
      String[] parts = tokens[1].split("x");
      dims = new int[parts.length];
      for (int i = 0; i < parts.length; i++) {
        dims[i] = Integer.parseInt(parts[i]);
      }
    }
    float[] values = new float[tokens.length - 2];
    for (int i = 0; i < values.length; i++) {
      values[i] = Float.parseFloat(tokens[i + 2]);
    }
    Shape shape = Shape.of(dims);
    if (shape.size() != values.length) {
      throw new IllegalStateException(resource + " line " + line + ": " + tokens[0] + " "
          + shape + " needs " + shape.size() + " values, has " + values.length);
    }
    return Tensor.of(shape, values);
  }

  /**
   * Asserts that {@code actual} has {@code expected}'s shape and every element is within
   * {@link #ABSOLUTE} plus {@link #RELATIVE} of the expected magnitude (a NaN where the reference
   * holds one); the message names the
   * case, the quantity and the first element that is not, with how many are not.
   */
  public static void assertClose(Case c, String what, Tensor expected, Tensor actual) {
    assertEquals(expected.shape(), actual.shape(), c + ": shape of " + what);
    int bad = 0;
    int first = -1;
    for (int i = 0; i < expected.size(); i++) {
      if (!close(expected.getFlat(i), actual.getFlat(i))) {
        bad++;
        first = first < 0 ? i : first;
      }
    }
    if (bad > 0) {
      fail(String.format("%s: %s differs from PyTorch at %d of %d elements; first at flat index"
              + " %d: expected %s, got %s", c, what, bad, expected.size(), first,
          expected.getFlat(first), actual.getFlat(first)));
    }
  }

  /** Whether {@code actual} is within the tolerance of {@code expected}; a NaN only of a NaN. */
  public static boolean close(float expected, float actual) {
    if (Float.isNaN(expected)) {
      return Float.isNaN(actual);
    }
    assertTrue(Float.isFinite(expected), "a reference value is infinite");
    return Math.abs((double) expected - actual) <= ABSOLUTE + RELATIVE * Math.abs(expected);
  }
}
