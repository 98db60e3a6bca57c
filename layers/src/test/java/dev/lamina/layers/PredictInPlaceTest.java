package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Sequential#predict}: no way back, activations in place where that is safe. */
class PredictInPlaceTest {
  private static final float[] SPECIALS = {
      0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE,
      -Float.MIN_VALUE, 1e30f, -1e30f, 90f, -90f};

  /** Every activation that works in place, after every kind of built-in layer. */
  static Sequential everyActivation() {
    return Sequential.builder(Shape.of(2, 10, 10))
        .add(Conv2D.builder(3).kernel(3).build())
        .add(new ReLU())
        .add(new MaxPool2D(2))
        .add(new Tanh())
        .add(new Dropout(0.5))
        .add(new Rescaling(2f, -0.5f))
        .add(new Flatten())
        .add(new LeakyReLU(0.1f))
        .add(new Dense(7))
        .add(new Sigmoid())
        .add(new ReLU())
        .add(new Dense(4))
        .add(new Softmax())
        .seed(5)
        .build();
  }

  @Test
  void predictGivesTheBitsOfAnInferencePassAndLeavesTheInputAlone() {
    Sequential model = everyActivation();
    Tensor x = withSpecials(Shape.of(5, 2, 10, 10), 1);
    Tensor before = x.copy();

    Tensor expected = model.forward(x, false).output();
    Tensor predicted = model.predict(x);

    assertSameBits(expected, predicted);
    assertSameBits(before, x);
    for (int count = 0; count <= model.layers().size(); count++) {
      assertSameBits(model.forward(x, false, count).output(), model.predict(x, count));
    }
    assertSame(x, model.predict(x, 0));
    assertSameBits(before, x);
  }

  /**
   * Activations in place after a convolution through columns over several groups of images (75
   * column rows of 3,600 positions: three images per group of columns, so seven images take three
   * groups, the last one short) and after a direct one.
   */
  @Test
  void anActivationAfterAConvolutionThroughColumnsGivesTheSameBits() {
    Sequential model = Sequential.builder(Shape.of(3, 64, 64))
        .add(new Conv2D(4, 5)).add(new Sigmoid())
        .add(new Conv2D(2, 1)).add(new LeakyReLU(0.3f))
        .seed(9).build();
    Tensor x = withSpecials(Shape.of(7, 3, 64, 64), 8);
    Tensor before = x.copy();

    assertSameBits(model.forward(x, false).output(), model.predict(x));
    assertSameBits(model.forward(x, false, 2).output(), model.predict(x, 2));
    assertSameBits(model.forward(x, false, 1).output(), model.predict(x, 1));
    assertSameBits(before, x);
  }

  /** An activation on the caller's tensor, or on a view of it, gets a new tensor. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"relu first", "after flatten", "after dropout", "after both"})
  void theCallersTensorAndViewsOfItAreNeverOverwritten(String layout) {
    Sequential.Builder builder = Sequential.builder(Shape.of(3, 4));
    if (layout.equals("after dropout") || layout.equals("after both")) {
      builder.add(new Dropout(0.3));
    }
    if (layout.equals("after flatten") || layout.equals("after both")) {
      builder.add(new Flatten());
    }
    Sequential model = builder.add(new ReLU()).add(new Tanh()).build();

    assertPredictsLikeForwardAndLeavesTheInputAlone(model, withSpecials(Shape.of(2, 3, 4), 2));
  }

  /** A nested model's output counts as a custom layer's: an activation after it gets a new one. */
  @Test
  void theOutputOfANestedModelIsNeverOverwritten() {
    Sequential inner = Sequential.of(Shape.of(3, 4), new Flatten());
    Sequential model = Sequential.builder(Shape.of(3, 4)).add(inner).add(new ReLU()).build();

    assertPredictsLikeForwardAndLeavesTheInputAlone(model, withSpecials(Shape.of(2, 3, 4), 7));
  }

  /** A custom layer's output may be something it keeps: activations after it do not write on it. */
  @Test
  void theOutputOfACustomLayerIsNeverOverwritten() {
    Tensor kept = withSpecials(Shape.of(1, 6), 3);
    Tensor keptBefore = kept.copy();
    Layer constant = new Layer() {
      @Override
      public Shape outputShape(Shape input) {
        return Shape.of(6);
      }

      @Override
      public Forward forward(Tensor input, boolean training) {
        return Forward.of(kept, g -> Tensor.zeros(input.shape()));
      }
    };
    Sequential model = Sequential.builder(Shape.of(6)).add(new Dense(6)).add(constant)
        .add(new ReLU()).add(new Sigmoid()).build();

    Tensor first = model.predict(Tensor.zeros(1, 6));
    Tensor second = model.predict(Tensor.zeros(1, 6));

    assertSameBits(keptBefore, kept);
    assertSameBits(first, second);
  }

  /** The contract as a custom activation sees it: in place only on what built-in layers made. */
  @Test
  void aCustomInPlaceActivationWorksInPlaceOnlyOnWhatBuiltInLayersMade() {
    int[] calls = new int[2];
    Sequential model = Sequential.builder(Shape.of(4))
        .add(new CountingSquare(calls))  // the caller's tensor: forward
        .add(new Dense(4))
        .add(new CountingSquare(calls))  // Dense's new output: in place
        .add(new Flatten())
        .add(new CountingSquare(calls))  // a view of Dense's output: in place
        .build();
    Tensor x = withSpecials(Shape.of(3, 4), 4);

    Tensor predicted = model.predict(x);

    assertEquals(1, calls[0], "forward passes");
    assertEquals(2, calls[1], "in-place passes");
    assertSameBits(model.forward(x, false).output(), predicted);
  }

  /** A layer that flattens cannot write its output over its input: predict runs its forward. */
  @Test
  void anInPlaceLayerThatChangesTheShapeRunsItsForward() {
    Layer flattenSquare = new FlattenSquare();
    Sequential model = Sequential.builder(Shape.of(1, 4, 4)).add(new Conv2D(2, 3))
        .add(flattenSquare).build();
    Tensor x = withSpecials(Shape.of(2, 1, 4, 4), 6);

    assertSameBits(model.forward(x, false).output(), model.predict(x));
  }

  /** {@code x²} flattened to one row per sample, with an in-place version that cannot flatten. */
  private static final class FlattenSquare implements Layer, InPlaceInference {
    @Override
    public Shape outputShape(Shape input) {
      return Shape.of(input.size());
    }

    @Override
    public Forward forward(Tensor x, boolean training) {
      Tensor y = x.map(v -> v * v).reshape(x.dim(0), x.size() / x.dim(0));
      return Forward.of(y, g -> g.reshape(x.shape()).zip(x, (gv, xv) -> 2 * gv * xv));
    }

    @Override
    public void inferInPlace(Tensor x) {
      x.mapInPlace(v -> v * v);
    }
  }

  @Test
  void predictChecksItsArguments() {
    Sequential model = everyActivation();
    Tensor x = Tensor.zeros(1, 2, 10, 10);
    assertThrows(IllegalArgumentException.class, () -> model.predict(x, -1));
    assertThrows(IllegalArgumentException.class, () -> model.predict(x, model.layers().size() + 1));
    assertThrows(IllegalArgumentException.class, () -> model.predict(Tensor.zeros(1, 2, 10, 9)));
  }

  /** Each activation's in-place inference against its forward pass, special values included. */
  @Test
  void inferInPlaceWritesWhatForwardReturns() {
    Layer[] activations = {new ReLU(), new LeakyReLU(0.2f), new Sigmoid(), new Tanh(),
        new Rescaling(-3f, 0.25f)};
    // large enough for ReLU to split the work over the threads; written at an offset, with
    // sentinels before and after
    Tensor wide = withSpecials(Shape.of(4, 40_000), 5);
    for (Layer activation : activations) {
      Tensor around = wide.copy();
      Tensor x = around.slice(1, 3);
      Tensor expected = activation.forward(x, false).output();
      ((InPlaceInference) activation).inferInPlace(x);
      assertSameBits(expected, x);
      assertSameBits(wide.slice(0, 1), around.slice(0, 1));
      assertSameBits(wide.slice(3, 4), around.slice(3, 4));
    }
  }

  /**
   * {@code x²}, counting its forward passes in {@code calls[0]} and in-place ones in
   * {@code calls[1]}.
   */
  private static final class CountingSquare implements Layer, InPlaceInference {
    private final int[] calls;

    CountingSquare(int[] calls) {
      this.calls = calls;
    }

    @Override
    public Shape outputShape(Shape input) {
      return input;
    }

    @Override
    public Forward forward(Tensor x, boolean training) {
      calls[0]++;
      Tensor y = x.map(v -> v * v);
      return Forward.of(y, g -> g.zip(x, (gv, xv) -> 2 * gv * xv));
    }

    @Override
    public void inferInPlace(Tensor x) {
      calls[1]++;
      x.mapInPlace(v -> v * v);
    }
  }

  private static Tensor withSpecials(Shape shape, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Tensor t = Tensor.zeros(shape);
    for (int i = 0; i < t.size(); i++) {
      t.setFlat(i, random.nextInt(5) == 0 ? SPECIALS[random.nextInt(SPECIALS.length)]
          : (float) random.nextGaussian());
    }
    return t;
  }

  private static void assertPredictsLikeForwardAndLeavesTheInputAlone(Sequential model, Tensor x) {
    Tensor before = x.copy();

    Tensor y = model.predict(x);

    assertSameBits(before, x);
    assertSameBits(model.forward(x, false).output(), y);
  }

  private static void assertSameBits(Tensor expected, Tensor actual) {
    assertEquals(expected.shape(), actual.shape());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(Float.floatToIntBits(expected.getFlat(i)),
          Float.floatToIntBits(actual.getFlat(i)), "element " + i);
    }
  }
}
