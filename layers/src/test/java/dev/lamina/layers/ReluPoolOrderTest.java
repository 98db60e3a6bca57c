package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link Sequential} runs a ReLU followed by a MaxPool2D as the pooling first: its outputs and
 * gradients must be bit for bit those of running the declared layers one after the other, also
 * for overlapping and padded windows, ties, negative windows and signed zeros.
 */
class ReluPoolOrderTest {
  /** Few distinct values, so windows tie often, are often all negative and hold -0.0 and 0.0. */
  private static final float[] LEVELS = {-2f, -1f, -0.5f, -0f, 0f, 0.5f, 1f, 3f};
  private static final float[] SPECIAL_LEVELS = {-2f, -1f, -0f, 0f, 1f, 3f, Float.NaN,
      Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};

  /** Coarse inputs straight into the ReLU: ties, all-negative windows and signed zeros. */
  @Property(tries = 80)
  void poolingFirstMatchesTheDeclaredOrderOnTiesAndZeros(
      @ForAll @IntRange(min = 1, max = 3) int kernel,
      @ForAll @IntRange(min = 1, max = 3) int stride,
      @ForAll @IntRange(min = 0, max = 1) int padding,
      @ForAll @IntRange(min = 1, max = 3) int batch,
      @ForAll long seed) {
    Sequential model = Sequential.builder(Shape.of(2, 7, 7)).seed(seed)
        .add(new ReLU())
        .add(new MaxPool2D(kernel, stride, Math.min(padding, kernel / 2)))
        .add(new Flatten())
        .add(new Dense(4))
        .build();
    SplittableRandom random = new SplittableRandom(seed);

    assertSameAsDeclared(model, levels(model.inputShape().prepend(batch), random),
        levels(model.outputShape().prepend(batch), random));
  }

  /** A convolution's continuous outputs into the ReLU, as in LeNet; every parameter's gradient. */
  @Property(tries = 40)
  void poolingFirstMatchesTheDeclaredOrderAfterAConvolution(
      @ForAll @IntRange(min = 1, max = 3) int kernel,
      @ForAll @IntRange(min = 1, max = 3) int stride,
      @ForAll @IntRange(min = 1, max = 3) int batch,
      @ForAll long seed) {
    Sequential model = Sequential.builder(Shape.of(2, 8, 8)).seed(seed)
        .add(new Conv2D(3, 3))
        .add(new ReLU())
        .add(new MaxPool2D(kernel, stride, 0))
        .add(new Flatten())
        .add(new Dense(4))
        .add(new ReLU())
        .build();
    SplittableRandom random = new SplittableRandom(seed);

    assertSameAsDeclared(model, GradientChecker.randomLike(model.inputShape().prepend(batch),
        random), GradientChecker.randomLike(model.outputShape().prepend(batch), random));
  }

  /**
   * {@code model}'s forward, predict, input gradient and parameter gradients equal, bit for bit,
   * those of its layers run one after the other as declared.
   */
  private static void assertSameAsDeclared(Sequential model, Tensor x, Tensor upstream) {
    Forward declared = runDeclared(model.layers(), x);
    model.zeroGradients();
    Tensor declaredInputGradient = declared.backward(upstream);
    List<float[]> declaredGradients = gradients(model);

    Forward reordered = model.forward(x, true);
    model.zeroGradients();
    Tensor inputGradient = reordered.backward(upstream);

    assertBits(declared.output(), reordered.output());
    assertBits(declared.output(), model.predict(x));
    assertBits(declaredInputGradient, inputGradient);
    List<float[]> reorderedGradients = gradients(model);
    assertEquals(declaredGradients.size(), reorderedGradients.size());
    for (int i = 0; i < declaredGradients.size(); i++) {
      assertArrayEquals(bits(declaredGradients.get(i)), bits(reorderedGradients.get(i)),
          model.parameters().get(i).name());
    }
  }

  /**
   * Two reordered pairs, infinities and NaNs, and every prefix of the model, in training and
   * inference passes and {@code predict}. NaNs are compared as NaNs: the sign bit of a NaN made by
   * {@code inf - inf} may differ between interpreted and compiled code, whatever the order.
   */
  @Property(tries = 60)
  void everyPrefixMatchesTheDeclaredOrderWithInfinitiesAndNans(
      @ForAll @IntRange(min = 1, max = 3) int kernel,
      @ForAll @IntRange(min = 1, max = 3) int stride,
      @ForAll boolean padded,
      @ForAll @IntRange(min = 8, max = 17) int width,
      @ForAll long seed) {
    Sequential model = Sequential.builder(Shape.of(2, width, width)).seed(seed)
        .add(new ReLU())
        .add(new MaxPool2D(kernel, stride, padded ? kernel / 2 : 0))
        .add(new ReLU())
        .add(new ReLU())
        .add(new MaxPool2D(2))
        .add(new ReLU())
        .build();
    SplittableRandom random = new SplittableRandom(seed);
    Tensor x = levels(model.inputShape().prepend(2), random, SPECIAL_LEVELS);

    for (int k = 0; k <= model.layers().size(); k++) {
      String prefix = "the first " + k + " layers";
      Forward declared = runDeclared(model.layers().subList(0, k), x);
      Tensor upstream = levels(declared.output().shape(), random, SPECIAL_LEVELS);
      Tensor declaredGradient = declared.backward(upstream);
      assertSameFloats(declared.output(), model.forward(x, true, k).output(), prefix);
      assertSameFloats(declared.output(), model.predict(x, k), prefix + ", predict");
      assertSameFloats(declaredGradient, model.forward(x, true, k).backward(upstream), prefix);
      assertSameFloats(declaredGradient, model.forward(x, false, k).backward(upstream),
          prefix + ", inference pass");
    }
  }

  @Test
  void aPrefixEndingAtTheReluRunsItAsDeclared() {
    Sequential model = Sequential.of(Shape.of(1, 4, 4), new ReLU(), new MaxPool2D(2));
    Tensor x = levels(Shape.of(2, 1, 4, 4), new SplittableRandom(7));

    Forward relu = model.forward(x, true, 1);

    assertEquals(Shape.of(2, 1, 4, 4), relu.output().shape());
    assertBits(new ReLU().forward(x, true).output(), relu.output());
    assertBits(new ReLU().forward(x, false).output(), model.predict(x, 1));
    assertEquals(x.shape(), relu.backward(Tensor.filled(x.shape(), 1f)).shape());
  }

  /** The declared layers' forward passes one after the other, and the way back through them. */
  private static Forward runDeclared(List<Layer> layers, Tensor input) {
    List<Forward> tape = new ArrayList<>();
    Tensor y = input;
    for (Layer layer : layers) {
      Forward pass = layer.forward(y, true);
      tape.add(pass);
      y = pass.output();
    }
    return Forward.of(y, g -> {
      Tensor grad = g;
      for (int i = tape.size() - 1; i >= 0; i--) {
        grad = tape.get(i).backward(grad);
      }
      return grad;
    });
  }

  private static List<float[]> gradients(Sequential model) {
    List<float[]> all = new ArrayList<>();
    for (Parameter p : model.parameters()) {
      all.add(p.gradient().toArray());
    }
    return all;
  }

  private static Tensor levels(Shape shape, SplittableRandom random) {
    return levels(shape, random, LEVELS);
  }

  private static Tensor levels(Shape shape, SplittableRandom random, float[] levels) {
    float[] values = new float[shape.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = levels[random.nextInt(levels.length)];
    }
    return Tensor.of(shape, values);
  }

  /** Equal bits, except that any two NaNs are equal. */
  private static void assertSameFloats(Tensor expected, Tensor actual, String what) {
    assertEquals(expected.shape(), actual.shape(), what);
    float[] e = expected.toArray();
    float[] a = actual.toArray();
    for (int i = 0; i < e.length; i++) {
      assertEquals(Float.floatToIntBits(e[i]), Float.floatToIntBits(a[i]), what + " at " + i);
    }
  }

  private static void assertBits(Tensor expected, Tensor actual) {
    assertEquals(expected.shape(), actual.shape());
    assertArrayEquals(bits(expected.toArray()), bits(actual.toArray()));
  }

  private static int[] bits(float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }
}
