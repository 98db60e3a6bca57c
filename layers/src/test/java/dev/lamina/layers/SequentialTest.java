package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SequentialTest {
  /** The seed notebook's network. */
  static Sequential notebook() {
    return Sequential.builder(Shape.of(1, 28, 28))
        .add(Conv2D.builder(4).kernel(3).weightInit(WeightInit.NOTEBOOK_NORMAL).build())
        .add(new Flatten())
        .add(Dense.builder(64).weightInit(WeightInit.NOTEBOOK_NORMAL).build())
        .add(new ReLU())
        .add(Dense.builder(10).weightInit(WeightInit.NOTEBOOK_NORMAL).build())
        .add(new Softmax())
        .build();
  }

  static Tensor randomBatch(Shape perSample, int n, long seed) {
    return GradientChecker.randomLike(perSample.prepend(n), new SplittableRandom(seed));
  }

  @Test
  void notebookSummaryShowsTheConvOutputAndTheParameterCount() {
    Sequential model = notebook();
    String summary = model.summary();

    assertEquals(173_810, model.parameterCount());
    assertEquals(Shape.of(4, 26, 26), model.layerOutputShape(0));
    assertTrue(summary.contains("conv2d_1 (Conv2D)"), summary);
    assertTrue(summary.contains("[batch, 4, 26, 26]"), summary);
    assertTrue(summary.contains("[batch, 2704]"), summary);
    assertTrue(summary.contains("173,120"), summary);
    assertTrue(summary.contains("Total params: 173,810"), summary);
  }

  @Test
  void theSummaryIgnoresTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try {
      String summary = notebook().summary();

      assertTrue(summary.contains("Total params: 173,810"), summary);
      assertTrue(summary.contains("173,120"), summary);
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void aParametersOnlyPassStopsAtTheFirstLayerWithParameters() {
    Layer noWayBack = new Layer() {
      @Override
      public Shape outputShape(Shape input) {
        return input;
      }

      @Override
      public Forward forward(Tensor x, boolean training) {
        return Forward.of(x, g -> {
          throw new AssertionError("the way back went through a layer that needs no gradient");
        });
      }
    };
    Sequential model = Sequential.builder(Shape.of(3)).add(noWayBack).add(new Rescaling(2f, 1f))
        .add(new Dense(2)).seed(3).build();
    Tensor x = Tensor.of(Shape.of(1, 3), 1, 2, 3);

    model.forward(x, true).backwardParameters(Tensor.of(Shape.of(1, 2), 1, -1));

    // dLoss/dW[i][j] = (2·x_i + 1) · g_j
    assertArrayEquals(new float[] {3, -3, 5, -5, 7, -7},
        model.parameters().get(0).gradient().toArray());
  }

  @Test
  void namesLayersAutomaticallyPerType() {
    Sequential model = Sequential.of(Shape.of(2, 8, 8), new Conv2D(2, 3), new MaxPool2D(2),
        new Conv2D(2, 1), new LeakyReLU(), new Flatten(), new Dense(4), new ReLU(), new Dense(2));

    List<String> names = List.of("conv2d_1", "max_pool2d_1", "conv2d_2", "leaky_re_lu_1",
        "flatten_1", "dense_1", "re_lu_1", "dense_2");
    for (int i = 0; i < names.size(); i++) {
      assertEquals(names.get(i), model.layerName(i));
    }
  }

  /** An anonymous class's simple name is empty: the layer was named "_1", its row "_1 ()". */
  @Test
  void anAnonymousLayerIsNamedAfterTheClassItIsDeclaredIn() {
    Layer anonymous = Anonymous.identity();
    Sequential model = Sequential.of(Shape.of(3), anonymous, Anonymous.identity());

    assertEquals("SequentialTest$Anonymous$1", anonymous.typeName());
    assertEquals("sequential_test_anonymous_1_1", model.layerName(0));
    assertEquals("sequential_test_anonymous_1_2", model.layerName(1));
    assertTrue(model.summary().contains(
        "sequential_test_anonymous_1_1 (SequentialTest$Anonymous$1)   [batch, 3]"),
        model.summary());
  }

  private static Layer typed(String typeName) {
    return new Layer() {
      @Override
      public Shape outputShape(Shape input) {
        return input;
      }

      @Override
      public Forward forward(Tensor x, boolean training) {
        return Forward.of(x.copy(), g -> g.copy());
      }

      @Override
      public String typeName() {
        return typeName;
      }
    };
  }

  @Test
  void aLayerWhoseTypeNameIsBlankIsRefusedNamingItsClassEvenWithANameOfItsOwn() {
    Layer blank = typed(" ");

    IllegalArgumentException automatic = assertThrows(IllegalArgumentException.class,
        () -> Sequential.of(Shape.of(3), new ReLU(), blank));
    IllegalArgumentException named = assertThrows(IllegalArgumentException.class,
        () -> Sequential.builder(Shape.of(3)).add(new ReLU()).add("mine", blank));

    String expected = "layer 2 (" + blank.getClass().getName() + ") has a blank typeName(),"
        + " which its automatic name, the summary and the model file need; return a name such as"
        + " its class's";
    assertEquals(expected, automatic.getMessage());
    assertEquals(expected, named.getMessage());
  }

  @Test
  void aTypeNameWithoutALetterOrDigitGetsNoAutomaticName() {
    Layer dollar = typed("$");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Sequential.of(Shape.of(3), dollar));

    assertEquals("layer 1 (" + dollar.getClass().getName() + ") has the typeName() '$', with no"
        + " letter or digit for its automatic name; return a name such as its class's",
        e.getMessage());
    assertEquals("dollar", Sequential.builder(Shape.of(3)).add("dollar", dollar).build()
        .layerName(0));
  }

  @Test
  void aLocalLayerClassKeepsItsSimpleName() {
    final class Local implements Layer {
      @Override
      public Shape outputShape(Shape input) {
        return input;
      }

      @Override
      public Forward forward(Tensor x, boolean training) {
        return Forward.of(x.copy(), g -> g.copy());
      }
    }

    assertEquals("Local", new Local().typeName());
    assertEquals("local_1", Sequential.of(Shape.of(3), new Local()).layerName(0));
  }

  /** Holds the one anonymous layer class whose name the tests spell out. */
  private static final class Anonymous {
    static Layer identity() {
      return new Layer() {
        @Override
        public Shape outputShape(Shape input) {
          return input;
        }

        @Override
        public Forward forward(Tensor x, boolean training) {
          return Forward.of(x.copy(), g -> g.copy());
        }
      };
    }
  }

  @Test
  void explicitNamesAreKeptAndAutomaticNamesAvoidThem() {
    Sequential model = Sequential.builder(Shape.of(3))
        .add("dense_1", new Dense(3)).add(new Dense(2)).build();

    assertEquals("dense_1", model.layerName(0));
    assertEquals("dense_2", model.layerName(1));
    assertEquals(List.of("dense_1/kernel", "dense_1/bias", "dense_2/kernel", "dense_2/bias"),
        List.copyOf(model.namedParameters().keySet()));
  }

  @Test
  void duplicateNamesAreRejected() {
    Sequential.Builder b = Sequential.builder(Shape.of(3)).add("out", new Dense(3));

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> b.add("out", new Dense(2)));
    assertTrue(e.getMessage().contains("'out'"), e.getMessage());
  }

  @Test
  void denseAfterConvNamesTheLayerTheShapeAndTheFix() {
    Sequential.Builder b = Sequential.builder(Shape.of(1, 28, 28))
        .add(new Conv2D(4, 3)).add(new ReLU()).add(new Dense(64));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
    assertEquals("layer 3 (dense_1, Dense): expects [batch, features], got [batch, 4, 26, 26]; "
        + "add a Flatten before it", e.getMessage());
  }

  @Test
  void kernelLargerThanThePaddedInputFailsAtBuildWithTheLayer() {
    Sequential.Builder b = Sequential.builder(Shape.of(1, 4, 4))
        .add(new Conv2D(2, 3)).add(Conv2D.builder(2).kernel(3).padding(0).build());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
    assertTrue(e.getMessage().startsWith("layer 2 (conv2d_2, Conv2D): invalid output size"),
        e.getMessage());
    assertTrue(e.getMessage().contains("kernel height 3 is larger than the padded input height 2"),
        e.getMessage());
  }

  @Test
  void sameSeedGivesSameWeightsAndOtherSeedOthers() {
    Sequential a = Sequential.builder(Shape.of(5)).add(new Dense(4)).seed(3).build();
    Sequential b = Sequential.builder(Shape.of(5)).add(new Dense(4)).seed(3).build();
    Sequential c = Sequential.builder(Shape.of(5)).add(new Dense(4)).seed(4).build();

    assertEquals(a.parameters().get(0).value(), b.parameters().get(0).value());
    assertNotEquals(a.parameters().get(0).value(), c.parameters().get(0).value());
  }

  @Test
  void forwardWithoutTheLastLayerGivesTheLogitsAndItsWayBack() {
    Sequential model = notebook();
    Tensor x = randomBatch(model.inputShape(), 3, 1);

    Forward logits = model.forward(x, true, model.layers().size() - 1);

    assertTrue(model.lastLayer() instanceof Softmax);
    assertEquals(Shape.of(3, 10), logits.output().shape());
    assertEquals(model.predict(x), Softmax.softmax(logits.output()));
    assertEquals(x.shape(), logits.backward(Tensor.filled(Shape.of(3, 10), 0.1f)).shape());
    assertTrue(model.parameters().get(0).gradient().sum() != 0f);
  }

  @ParameterizedTest
  @CsvSource({"-1", "7"})
  void forwardRejectsALayerCountOutOfRange(int count) {
    Sequential model = notebook();
    Tensor x = randomBatch(model.inputShape(), 1, 1);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> model.forward(x, false, count));
    assertTrue(e.getMessage().contains("layerCount must be in [0, 6], got " + count),
        e.getMessage());
  }

  @Test
  void forwardWithNoLayersIsTheIdentity() {
    Sequential model = notebook();
    Tensor x = randomBatch(model.inputShape(), 2, 1);

    assertSame(x, model.forward(x, false, 0).output());
  }

  @Test
  void predictRejectsAWronglyShapedBatchBeforeAnyLayerRuns() {
    Sequential model = notebook();

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> model.predict(Tensor.zeros(2, 28, 28)));
    assertTrue(e.getMessage().contains("expected [batch, 1, 28, 28], got [2, 28, 28]"),
        e.getMessage());
  }

  @Test
  void nestedModelsWork() {
    Sequential inner = Sequential.of(Shape.of(6), new Dense(4), new Tanh());
    Sequential outer = Sequential.of(Shape.of(6), inner, new Dense(2));

    assertEquals(Shape.of(2), outer.outputShape());
    assertEquals(4 * 6 + 4 + 2 * 4 + 2, outer.parameterCount());
    assertTrue(outer.namedParameters().containsKey("sequential_1/dense_1/kernel"));
  }

  @Test
  void zeroGradientsClearsEveryGradient() {
    Sequential model = notebook();
    Tensor x = randomBatch(model.inputShape(), 2, 1);
    model.forward(x, true).backward(Tensor.filled(Shape.of(2, 10), 1f));

    model.zeroGradients();

    for (Parameter p : model.parameters()) {
      assertEquals(0f, p.gradient().max(), p.name());
    }
  }

  @Test
  void theSameLayerObjectTwiceIsRejected() {
    Dense dense = new Dense(3);
    Sequential.Builder b = Sequential.builder(Shape.of(3)).add(dense);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.add(dense));
    assertEquals("layer 2 (dense_2) is the same object as layer 1; add a new instance instead",
        e.getMessage());
  }

  /** A second build re-initialized the first model's weights, or rebuilt them for its input. */
  @Test
  void aLayerObjectOfOneModelIsRejectedInAnother() {
    Dense dense = new Dense(3);
    Sequential first = Sequential.builder(Shape.of(4)).add(dense).seed(1).build();
    Tensor x = Tensor.filled(Shape.of(1, 4), 1f);
    Tensor before = first.predict(x);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Sequential.builder(Shape.of(7)).add(new ReLU()).add(dense).seed(2).build());
    assertEquals("layer 2 (dense_1, Dense): this layer object holds the parameters (or dropout"
        + " masks) of a model built earlier, which may still be in use; add a new instance instead"
        + " (building it again would re-initialize them)", e.getMessage());
    assertEquals(before, first.predict(x));

    Sequential inner = Sequential.of(Shape.of(4), new Dense(4));
    assertThrows(IllegalArgumentException.class,
        () -> Sequential.of(Shape.of(4), inner.layers().get(0)));
  }

  /** A second build re-seeded a shared Dropout, and both models drew from one pass count. */
  @Test
  void aDropoutOfOneModelIsRejectedInAnother() {
    Dropout dropout = new Dropout(0.5);
    Sequential first = Sequential.builder(Shape.of(8)).add(dropout).seed(1).build();
    long seed = dropout.seed();

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Sequential.builder(Shape.of(8)).add(dropout).seed(2).build());

    assertTrue(e.getMessage().startsWith("layer 1 (dropout_1, Dropout): this layer object holds"
        + " the parameters (or dropout masks) of a model built earlier"), e.getMessage());
    assertEquals(seed, dropout.seed(), "the first model's masks are untouched");
    assertEquals(Shape.of(8), first.outputShape());
  }

  @Test
  void layersWithoutParametersAndWholeModelsMayBeShared() {
    ReLU relu = new ReLU();
    Sequential backbone = Sequential.of(Shape.of(4), new Dense(4), relu);
    Tensor x = Tensor.filled(Shape.of(1, 4), 1f);
    Tensor before = backbone.predict(x);

    Sequential withSoftmax = Sequential.of(Shape.of(4), backbone, new Softmax());
    Sequential twoHeads = Sequential.of(Shape.of(4), backbone, relu, new Dense(2));

    assertEquals(Shape.of(4), withSoftmax.outputShape());
    assertEquals(Shape.of(2), twoHeads.outputShape());
    assertEquals(before, backbone.predict(x), "the backbone's weights are untouched");
  }

  @Test
  void layersOfAModelThatFailedToBuildCanBeUsedAgain() {
    Dense dense = new Dense(3);
    assertThrows(IllegalArgumentException.class,
        () -> Sequential.of(Shape.of(4), dense, new Conv2D(2, 3)));

    assertEquals(Shape.of(3), Sequential.of(Shape.of(4), dense).outputShape());
  }

  @Test
  void layerNamesThatMeetAcrossANestedModelFailAtBuild() {
    Sequential nested = Sequential.builder(Shape.of(3)).add("b", new Dense(3)).build();
    Sequential.Builder b = Sequential.builder(Shape.of(3)).add("a", nested)
        .add("a/b", new Dense(3));

    assertEquals("layer 2 (a/b, Dense): the parameter name 'a/b/kernel' is already taken by"
        + " layer 1 (a, Sequential); rename one of the layers (parameters are named <layer name>/"
        + "<parameter name>)",
        assertThrows(IllegalArgumentException.class, b::build).getMessage());
  }

  @Test
  void aCustomLayerThatFailsWithAnotherExceptionAtBuildIsNamed() {
    Layer secondAxis = new Layer() {
      @Override
      public Shape outputShape(Shape input) {
        return Shape.of(input.dim(1));
      }

      @Override
      public Forward forward(Tensor x, boolean training) {
        throw new AssertionError("never runs");
      }

      @Override
      public String typeName() {
        return "SecondAxis";
      }
    };
    Sequential.Builder b = Sequential.builder(Shape.of(5)).add(secondAxis);

    IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
    assertTrue(e.getMessage().startsWith("layer 1 (second_axis_1, SecondAxis): outputShape or"
        + " build threw java.lang."), e.getMessage());
    assertTrue(e.getCause() instanceof IndexOutOfBoundsException, e::toString);
  }

  @Test
  void anEmptyModelIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Sequential.builder(Shape.of(3)).build());
  }

  /** A custom layer whose forward breaks its own shape rule is named, in training and predict. */
  @ParameterizedTest
  @CsvSource({"3, 5, '[3, 5]'", "1, 4, '[1, 4]'"})
  void aForwardThatBreaksItsOutputShapeIsNamed(int rows, int cols, String gave) {
    Sequential model = Sequential.of(Shape.of(4), new Dense(4), new WrongOutput(rows, cols));
    Tensor x = Tensor.zeros(3, 4);
    String expected = "layer 2 (wrong_output_1, WrongOutput): forward gave " + gave
        + " for a batch of 3, but its outputShape is [3, 4]";

    assertEquals(expected,
        assertThrows(IllegalStateException.class, () -> model.forward(x, true)).getMessage());
    assertEquals(expected,
        assertThrows(IllegalStateException.class, () -> model.predict(x)).getMessage());
  }

  /** A null output, pass or output shape once escaped as a NullPointerException (or "null"). */
  @Test
  void aLayerThatReturnsNullIsNamed() {
    Tensor x = Tensor.zeros(3, 4);
    Sequential noOutput = Sequential.of(Shape.of(4), new Dense(4), new WrongOutput(0, 0));
    String gave = "layer 2 (wrong_output_1, WrongOutput): forward gave no output for a batch of"
        + " 3, but its outputShape is [3, 4]";
    assertEquals(gave,
        assertThrows(IllegalStateException.class, () -> noOutput.forward(x, true)).getMessage());
    assertEquals(gave,
        assertThrows(IllegalStateException.class, () -> noOutput.predict(x)).getMessage());

    Sequential noPass = Sequential.of(Shape.of(4), new WrongOutput(-1, 0));
    String returned = "layer 1 (wrong_output_1, WrongOutput): forward returned null";
    assertEquals(returned,
        assertThrows(IllegalStateException.class, () -> noPass.forward(x, false)).getMessage());
    assertEquals(returned,
        assertThrows(IllegalStateException.class, () -> noPass.predict(x)).getMessage());

    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> Sequential.of(Shape.of(4), new NoOutputShape(), new Dense(2)));
    assertEquals("layer 1 (no_output_shape_1, NoOutputShape): outputShape returned null for"
        + " [batch, 4]", shape.getMessage());
  }

  /** A way back that gives a gradient of the wrong shape (or none) is named on either pass. */
  @ParameterizedTest
  @CsvSource({"5, 'a gradient [3, 5]'", "0, 'no gradient'"})
  void aBackwardThatBreaksItsInputShapeIsNamed(int cols, String gave) {
    Sequential model = Sequential.of(Shape.of(4), new Dense(4), new WrongGradient(cols),
        new Dense(2));
    Tensor x = Tensor.zeros(3, 4);
    Tensor g = Tensor.zeros(3, 2);
    String expected = "layer 2 (wrong_gradient_1, WrongGradient): backward gave " + gave
        + " for its input [3, 4]";

    assertEquals(expected, assertThrows(IllegalStateException.class,
        () -> model.forward(x, true).backward(g)).getMessage());
    assertEquals(expected, assertThrows(IllegalStateException.class,
        () -> model.forward(x, true).backwardParameters(g)).getMessage());
  }

  @Test
  void aGradientNotShapedLikeTheOutputIsRejectedOnEitherPass() {
    Sequential model = Sequential.of(Shape.of(4), new Dense(4), new Dense(2));
    Tensor x = Tensor.zeros(3, 4);
    Tensor wrong = Tensor.zeros(3, 4);
    String expected = "model backward: the gradient [3, 4] does not match the output [3, 2]";

    assertEquals(expected, assertThrows(IllegalArgumentException.class,
        () -> model.forward(x, true).backward(wrong)).getMessage());
    assertEquals(expected, assertThrows(IllegalArgumentException.class,
        () -> model.forward(x, true).backwardParameters(wrong)).getMessage());
  }

  /** Keeps its input's shape in outputShape, but its forward gives {@code [rows, cols]}. */
  private static final class WrongOutput implements Layer {
    private final int rows;
    private final int cols;

    WrongOutput(int rows, int cols) {
      this.rows = rows;
      this.cols = cols;
    }

    @Override
    public Shape outputShape(Shape input) {
      return input;
    }

    @Override
    public Forward forward(Tensor x, boolean training) {
      if (rows < 0) {
        return null;
      }
      return Forward.of(rows == 0 ? null : Tensor.zeros(rows, cols), g -> g);
    }
  }

  /** Declares no output shape at all. */
  private static final class NoOutputShape implements Layer {
    @Override
    public Shape outputShape(Shape input) {
      return null;
    }

    @Override
    public Forward forward(Tensor x, boolean training) {
      return Forward.of(x, g -> g);
    }
  }

  /** Passes its input on, but its way back gives {@code [N, cols]} (null for 0 columns). */
  private static final class WrongGradient implements Layer {
    private final int cols;

    WrongGradient(int cols) {
      this.cols = cols;
    }

    @Override
    public Shape outputShape(Shape input) {
      return input;
    }

    @Override
    public Forward forward(Tensor x, boolean training) {
      return Forward.of(x.copy(), g -> cols == 0 ? null : Tensor.zeros(g.dim(0), cols));
    }
  }
}
