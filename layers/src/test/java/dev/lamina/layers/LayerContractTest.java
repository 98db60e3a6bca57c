package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LayerContractTest {
  /** Doubles its input, with a configurable (possibly wrong) backward factor. */
  private static Layer doubling(float backwardFactor) {
    return new Layer() {
      @Override
      public Shape outputShape(Shape input) {
        return input;
      }

      @Override
      public Forward forward(Tensor x, boolean training) {
        return Forward.of(x.scale(2f), g -> g.scale(backwardFactor));
      }
    };
  }

  @Test
  void passesACorrectCustomLayer() {
    LayerContract.Report report = LayerContract.check(doubling(2f), Shape.of(3, 4));

    assertTrue(report.passed());
    assertEquals(List.of(), report.failures());
    assertEquals(2, report.gradientChecks().size());
    assertTrue(report.gradientChecks().stream().allMatch(s -> s.contains("passed")));
  }

  @Test
  void reportsAWrongInputGradientWithItsLocation() {
    LayerContract.Report report = LayerContract.of(doubling(2.1f), Shape.of(3, 4)).run();

    assertFalse(report.passed());
    assertTrue(report.toString().contains("gradient check FAILED"), report::toString);
    assertTrue(report.toString().contains("worst input["), report::toString);
  }

  @Test
  void printsEachGradientCheckOnce() {
    String failed = LayerContract.of(doubling(2.1f), Shape.of(3, 4)).run().toString();
    String passed = LayerContract.check(doubling(2f), Shape.of(3, 4)).toString();

    for (String report : List.of(failed, passed)) {
      assertEquals(1, occurrences(report, "inference: gradient check"), report);
      assertEquals(1, occurrences(report, "training: gradient check"), report);
    }
    assertTrue(failed.contains("\n  - inference: gradient check FAILED"), failed);
    assertTrue(passed.contains("\n  inference: gradient check passed"), passed);
  }

  private static int occurrences(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }

  @Test
  void throwsIllegalStateExceptionWithTheDetails() {
    Layer broken = doubling(-2f);
    IllegalStateException e = assertThrows(
        IllegalStateException.class, () -> LayerContract.check(broken, Shape.of(5)));

    assertTrue(e.getMessage().contains("analytic") && e.getMessage().contains("numeric"),
        e::getMessage);
  }

  @Test
  void gradientCheckerNamesTheParameterWithTheWrongGradient() {
    Layer layer = new BiasWithWrongGradient();
    layer.build(Shape.of(4), RandomGenerator.of("L64X128MixRandom"));

    GradientReport report = GradientChecker.withDefaults()
        .check(layer, Tensor.filled(Shape.of(2, 4), 0.5f), false);

    assertFalse(report.passed());
    assertEquals("parameter bias", report.worst().tensor());
    assertEquals(2 * report.worst().numeric(), report.worst().analytic(), 1e-3);
  }

  @Test
  void gradientCheckerLeavesParametersAndGradientsAsTheyWere() {
    Dense dense = new Dense(3);
    dense.build(Shape.of(4), RandomGenerator.of("L64X128MixRandom"));
    dense.bias().gradient().fill(7f);
    Tensor kernel = dense.kernel().value().copy();

    GradientChecker.withDefaults().check(dense, Tensor.filled(Shape.of(2, 4), 0.5f), true);

    assertEquals(kernel, dense.kernel().value());
    assertEquals(Tensor.filled(Shape.of(3), 7f), dense.bias().gradient());
  }

  /** An infinite floor made every relative error 0, so a layer with a wrong gradient passed. */
  @Test
  void gradientCheckerSettingsMustBeFinite() {
    IllegalArgumentException floor = assertThrows(IllegalArgumentException.class,
        () -> GradientChecker.builder().floor(Double.POSITIVE_INFINITY));
    assertEquals("GradientChecker: floor must be positive and finite, got Infinity",
        floor.getMessage());
    IllegalArgumentException tolerance = assertThrows(IllegalArgumentException.class,
        () -> GradientChecker.builder().tolerance(Double.POSITIVE_INFINITY));
    assertEquals("GradientChecker: tolerance must be positive and finite, got Infinity",
        tolerance.getMessage());
    assertThrows(IllegalArgumentException.class, () -> GradientChecker.builder().floor(Double.NaN));
  }

  @Test
  void samplesLargeTensors() {
    GradientReport report = GradientChecker.builder().maxSamples(10).build()
        .check(new Tanh(), Tensor.filled(Shape.of(4, 100), 0.3f), false);

    assertEquals(10, report.checked());
    assertTrue(report.passed(), report::toString);
  }

  /** A vector loop that forgets its remainder: only the very last element's gradient is wrong. */
  @Test
  void alwaysChecksTheLastElementOfALargeTensor() {
    Layer lastWrong = new Layer() {
      @Override
      public Shape outputShape(Shape input) {
        return input;
      }

      @Override
      public Forward forward(Tensor x, boolean training) {
        return Forward.of(x.copy(), g -> {
          Tensor dx = g.copy();
          dx.setFlat(dx.size() - 1, 0f);
          return dx;
        });
      }
    };

    GradientReport report = GradientChecker.withDefaults()
        .check(lastWrong, Tensor.filled(Shape.of(2, 5000), 0.3f), false);

    assertEquals(128, report.checked());
    assertFalse(report.passed(), report::toString);
    assertArrayEquals(new int[] {1, 4999}, report.worst().index());
  }

  /** {@code log x} at 1e-4 to 1e-3: a fixed step of 1e-2 leaves its domain, x / 10 does not. */
  @Test
  void aStepThatDependsOnTheElementFollowsAFunctionThatCurvesFast() {
    Layer log = new Layer() {
      @Override
      public Shape outputShape(Shape input) {
        return input;
      }

      @Override
      public Forward forward(Tensor x, boolean training) {
        Tensor inverse = x.map(v -> 1f / v);
        return Forward.of(x.map(v -> (float) Math.log(v)), g -> g.zip(inverse, (a, b) -> a * b));
      }
    };
    Tensor small = Tensor.of(Shape.of(1, 4), 1e-4f, 3e-4f, 6e-4f, 1e-3f);

    assertFalse(GradientChecker.withDefaults().check(log, small, false).passed());
    GradientReport report = GradientChecker.builder().step(x -> Math.abs(x) / 10).build()
        .check(log, small, false);
    assertTrue(report.passed(), report::toString);
    assertEquals(4, report.checked());
  }

  @ParameterizedTest
  @ValueSource(doubles = {1e-12, -1e-3, 1e300, Double.POSITIVE_INFINITY, Double.NaN})
  void aStepThatDoesNotMoveTheElementToTwoFiniteValuesIsNamed(double step) {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> GradientChecker.builder().step(x -> step).build()
            .check(new Tanh(), Tensor.filled(Shape.of(1, 2), 0.5f), false));

    assertEquals("GradientChecker: the step at 0.5 ([0, 0] of input) is " + step + "; it must be"
        + " positive and make x - step and x + step two distinct, finite float32 values",
        e.getMessage());
  }

  @Test
  void skipsKinksInsteadOfFailing() {
    Tensor atKink = Tensor.of(Shape.of(1, 4), 0f, 0.001f, -0.001f, 1f);

    GradientReport report = GradientChecker.withDefaults().check(new ReLU(), atKink, false);

    assertTrue(report.passed(), report::toString);
    assertEquals(3, report.kinks());
  }

  @Test
  void detectsStateKeptOnTheLayer() {
    LayerContract.Report report = LayerContract.of(new RemembersLastInput(), Shape.of(3)).run();

    assertTrue(report.failures().stream().anyMatch(f -> f.contains("depends on a later forward")),
        report::toString);
  }

  @Test
  void detectsAnOutputShapeThatDiffersFromOutputShape() {
    Layer liar = new Layer() {
      @Override
      public Shape outputShape(Shape input) {
        return Shape.of(input.size() + 1);
      }

      @Override
      public Forward forward(Tensor x, boolean training) {
        return Forward.of(x.copy(), g -> g);
      }
    };

    LayerContract.Report report = LayerContract.of(liar, Shape.of(3)).run();

    assertTrue(report.failures().stream()
        .anyMatch(f -> f.contains("forward gave [2, 3] but outputShape says [2, 4]")),
        report::toString);
  }

  @Test
  void detectsAForwardThatModifiesItsInput() {
    Layer inPlace = new Layer() {
      @Override
      public Shape outputShape(Shape input) {
        return input;
      }

      @Override
      public Forward forward(Tensor x, boolean training) {
        return Forward.of(x.scaleInPlace(1.5f), g -> g.scale(1.5f));
      }
    };

    LayerContract.Report report = LayerContract.of(inPlace, Shape.of(3)).run();

    assertTrue(report.failures().stream().anyMatch(f -> f.contains("modified the input")),
        report::toString);
  }

  @Test
  void namesAForwardThatModifiesItsInputAsTheOnlyFailure() {
    Layer inPlace = new Layer() {
      @Override
      public Shape outputShape(Shape input) {
        return input;
      }

      @Override
      public Forward forward(Tensor x, boolean training) {
        return Forward.of(x.scaleInPlace(1.5f), g -> g.scale(1.5f));
      }
    };

    LayerContract.Report report = LayerContract.of(inPlace, Shape.of(3)).run();

    assertEquals(List.of(
        "inference: forward modified the input, which it must leave as it is",
        "training: forward modified the input, which it must leave as it is"),
        report.failures());
  }

  @Test
  void namesABackwardThatModifiesTheInputOfItsForward() {
    Layer inPlace = new Layer() {
      @Override
      public Shape outputShape(Shape input) {
        return input;
      }

      @Override
      public Forward forward(Tensor x, boolean training) {
        return Forward.of(x.scale(2f), g -> {
          x.fill(0f);
          return g.scale(2f);
        });
      }
    };

    LayerContract.Report report = LayerContract.of(inPlace, Shape.of(3)).training(false).run();

    assertEquals(List.of("inference: backward modified the input of its forward"),
        report.failures());
  }

  /** Reported as "the input gradient depends on a later forward" and a failed gradient check. */
  @Test
  void namesABackwardThatModifiesItsGradOutputAsTheOnlyFailure() {
    Layer scalesGradient = new Layer() {
      @Override
      public Shape outputShape(Shape input) {
        return input;
      }

      @Override
      public Forward forward(Tensor x, boolean training) {
        return Forward.of(x.scale(2f), g -> g.scaleInPlace(0.5f).scale(4f));
      }
    };

    LayerContract.Report report = LayerContract.of(scalesGradient, Shape.of(3)).run();

    String failure = "backward modified its gradOutput, which Forward.backward must leave as it"
        + " is (write the input gradient to a new tensor)";
    assertEquals(List.of("inference: " + failure, "training: " + failure), report.failures());
  }

  @Test
  void namesABackwardThatModifiesItsGradOutputInALayerWithParameters() {
    Layer layer = new Factor(Factor.Fault.CLEARS_GRAD_OUTPUT);

    LayerContract.Report report = LayerContract.of(layer, Shape.of(3)).training(false).run();

    assertEquals(List.of("inference: backward modified its gradOutput, which Forward.backward"
        + " must leave as it is (write the input gradient to a new tensor)"), report.failures());
  }

  @Test
  void detectsAStochasticTrainingForwardAndAcceptsItInInferenceOnlyMode() {
    LayerContract.Report both = LayerContract.of(new Dropout(0.5, 3), Shape.of(20)).run();
    LayerContract.Report inference =
        LayerContract.of(new Dropout(0.5, 3), Shape.of(20)).training(false).run();

    assertTrue(both.failures().stream().anyMatch(f -> f.contains("stochastic")), both::toString);
    assertTrue(inference.passed(), inference::toString);
  }

  @Test
  void reportsTheParameterCount() {
    assertEquals(15, LayerContract.check(new Dense(3), Shape.of(4)).parameterCount());
  }

  @Test
  void reportsAShapeTheLayerRejects() {
    LayerContract.Report report = LayerContract.of(new Dense(3), Shape.of(2, 4)).run();

    assertTrue(report.failures().stream().anyMatch(f -> f.contains("add a Flatten")),
        report::toString);
  }

  /** {@code run()} promises never to throw for a broken layer; these threw NullPointerException. */
  @Test
  void reportsParametersThatAreNullInsteadOfThrowing() {
    LayerContract.Report nullElement =
        LayerContract.of(new BrokenParameters(Arrays.asList((Parameter) null)), Shape.of(3)).run();
    assertTrue(nullElement.failures().contains("parameters() lists null at position 0"),
        nullElement::toString);

    LayerContract.Report nullList = LayerContract.of(new BrokenParameters(null), Shape.of(3)).run();
    assertTrue(nullList.failures().contains(
        "parameters() returned null; a layer without parameters returns List.of()"),
        nullList::toString);

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> LayerContract.check(new BrokenParameters(null), Shape.of(3)));
    assertTrue(e.getMessage().contains("parameters() returned null"), e::getMessage);
  }

  @Test
  void checksThatAnInPlaceLayerWritesWhatItsForwardReturns() {
    assertTrue(LayerContract.check(new Twice(Twice.Fault.NONE), Shape.of(3, 4)).passed());

    assertFailsWith(Twice.Fault.WRONG_VALUES, "inferInPlace: wrote other values");
    assertFailsWith(Twice.Fault.FLATTENS, "not shaped like the input");
    assertFailsWith(Twice.Fault.IGNORES_OFFSET, "inferInPlace: wrote outside its tensor");
  }

  private static void assertFailsWith(Twice.Fault fault, String message) {
    LayerContract.Report report = LayerContract.of(new Twice(fault), Shape.of(3, 4)).run();
    assertFalse(report.passed(), fault.name());
    assertTrue(report.failures().stream().anyMatch(f -> f.contains(message)), report::toString);
  }

  /** {@code 2x}, with an in-place inference that may break the contract in one of three ways. */
  private static final class Twice implements Layer, InPlaceInference {
    enum Fault { NONE, WRONG_VALUES, FLATTENS, IGNORES_OFFSET }

    private final Fault fault;

    Twice(Fault fault) {
      this.fault = fault;
    }

    @Override
    public Shape outputShape(Shape input) {
      return fault == Fault.FLATTENS ? Shape.of(input.size()) : input;
    }

    @Override
    public Forward forward(Tensor x, boolean training) {
      Tensor twice = x.map(v -> 2 * v);
      Tensor y = fault == Fault.FLATTENS ? twice.reshape(x.dim(0), x.size() / x.dim(0)) : twice;
      return Forward.of(y, g -> g.reshape(x.shape()).map(gv -> 2 * gv));
    }

    @Override
    public void inferInPlace(Tensor x) {
      float[] d = x.data();
      int from = fault == Fault.IGNORES_OFFSET ? 0 : x.offset();
      float factor = fault == Fault.WRONG_VALUES ? 3 : 2;
      for (int i = from; i < from + x.size(); i++) {
        d[i] = factor * d[i];
      }
    }
  }

  /** A NaN or infinite gradient anywhere but the first element checked once passed. */
  @ParameterizedTest
  @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY})
  void aNonFiniteGradientFailsTheCheckWhereverItIs(float bad) {
    Layer identity = new Layer() {
      @Override
      public Shape outputShape(Shape input) {
        return input;
      }

      @Override
      public Forward forward(Tensor x, boolean training) {
        return Forward.of(x.copy(), g -> {
          Tensor dx = g.copy();
          dx.setFlat(5, bad);
          return dx;
        });
      }
    };

    GradientReport report = GradientChecker.withDefaults()
        .check(identity, GradientChecker.randomLike(Shape.of(2, 4),
            new java.util.SplittableRandom(3)), false);

    assertFalse(report.passed(), report::toString);
    assertTrue(report.toString().contains("worst input[1, 1]"), report::toString);
    assertFalse(LayerContract.of(identity, Shape.of(4)).run().passed());
  }

  @Test
  void aModelsParametersAreNamedWithTheirLayers() {
    Sequential model = Sequential.of(Shape.of(3), new Dense(2), new BiasWithWrongGradient());

    GradientReport report = GradientChecker.withDefaults().check(model,
        GradientChecker.randomLike(Shape.of(2, 3), new java.util.SplittableRandom(1)), false);

    assertTrue(report.toString().contains("worst parameter bias_with_wrong_gradient_1/bias["),
        report::toString);
  }

  @Test
  void detectsABackwardThatOverwritesParameterGradientsInsteadOfAddingToThem() {
    LayerContract.Report report = LayerContract.of(new Factor(Factor.Fault.SETS_GRADIENT),
        Shape.of(3)).run();

    assertFalse(report.passed());
    assertTrue(report.failures().contains("inference: a second backward without zeroing did not"
        + " double the parameter gradients; backward must add to gradient(), not set it"),
        report::toString);
  }

  @Test
  void detectsAParametersOnlyWayBackThatDisagreesWithBackward() {
    LayerContract.Report report = LayerContract.of(new Factor(Factor.Fault.HALF_PARAMETERS_ONLY),
        Shape.of(3)).run();

    assertEquals(List.of("inference: backwardParameters gave other parameter gradients than"
            + " backward (a model calls it for its first layer with parameters)",
        "training: backwardParameters gave other parameter gradients than backward (a model calls"
            + " it for its first layer with parameters)"), report.failures());
  }

  @Test
  void detectsAParametersOnlyWayBackThatModifiesItsGradOutput() {
    LayerContract.Report report = LayerContract.of(
        new Factor(Factor.Fault.PARAMETERS_ONLY_CLEARS_GRAD_OUTPUT), Shape.of(3)).run();

    assertEquals(List.of(
        "inference: backwardParameters modified its gradOutput, which it must leave as it is",
        "training: backwardParameters modified its gradOutput, which it must leave as it is"),
        report.failures());
  }

  @Test
  void detectsTwoParametersWithOneName() {
    LayerContract.Report report = LayerContract.of(new Factor(Factor.Fault.TWO_NAMED_A),
        Shape.of(3)).run();

    assertEquals(List.of("two parameters are named a; a model and its files tell a layer's"
        + " parameters apart by name"), report.failures());
  }

  @Test
  void detectsALayerThatRunsUnbuilt() {
    LayerContract.Report report = LayerContract.of(new Factor(Factor.Fault.RUNS_UNBUILT),
        Shape.of(3)).run();

    assertEquals(List.of("forward before build ran; a layer that creates its parameters in build"
        + " throws IllegalStateException naming itself when run before it was built"),
        report.failures());
  }

  /** The README's template once had no check, and failed with a NullPointerException. */
  @Test
  void acceptsALayerThatFailsUnbuiltWithAnotherException() {
    assertTrue(LayerContract.of(new Factor(Factor.Fault.NO_BUILT_CHECK), Shape.of(3)).run()
        .passed());
  }

  @Test
  void passesTheSameLayerDoneRightAndNamesItByItsType() {
    LayerContract.Report report = LayerContract.check(new Factor(null), Shape.of(3));

    assertTrue(report.passed(), report::toString);
    assertTrue(report.toString().startsWith("layer contract for Factor on [batch, 3]: passed"),
        report::toString);
  }

  /** The header read "layer contract for  on [batch, 3]". */
  @Test
  void namesAnAnonymousLayerByTheClassItIsDeclaredIn() {
    String report = LayerContract.check(doubling(2f), Shape.of(3)).toString();

    assertTrue(report.matches("(?s)layer contract for LayerContractTest\\$\\d+ on \\[batch, 3\\]:"
        + " passed\n.*"), report);
  }

  @Test
  void leavesTheUnbuiltCheckOutForALayerAlreadyBuilt() {
    Factor built = new Factor(Factor.Fault.NO_BUILT_CHECK);
    built.build(Shape.of(3), new java.util.SplittableRandom(1));

    assertTrue(LayerContract.check(built, Shape.of(3)).passed());
  }

  /** Checking a model's layer re-initialized the model's weights, bypassing Sequential's guard. */
  @Test
  void refusesALayerOfAModelAndLeavesTheModelsWeights() {
    Dense dense = new Dense(2);
    Sequential model = Sequential.of(Shape.of(3), dense);
    dense.kernel().value().fill(5f);
    Map<String, Tensor> before = values(model);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LayerContract.check(dense, Shape.of(3)));

    assertEquals("LayerContract: Dense(units=2) belongs to a model, and building it for the check"
        + " would re-initialize that model's parameters (or dropout masks); check a fresh instance"
        + " instead", e.getMessage());
    assertEquals(before, values(model));
    assertThrows(IllegalArgumentException.class,
        () -> LayerContract.of(dense, Shape.of(3)).run());
    assertTrue(LayerContract.check(new Dense(2), Shape.of(3)).passed());
  }

  @Test
  void refusesADropoutOfAModelButNotALayerWithoutParametersOrAWholeModel() {
    Dropout dropout = new Dropout(0.5, 3);
    ReLU relu = new ReLU();
    Sequential model = Sequential.of(Shape.of(3), relu, dropout);

    assertThrows(IllegalArgumentException.class,
        () -> LayerContract.of(dropout, Shape.of(3)).training(false).run());
    assertTrue(LayerContract.check(relu, Shape.of(3)).passed());
    assertTrue(LayerContract.of(model, Shape.of(3)).training(false).run().passed());
  }

  @Test
  void rebuildsALayerBuiltOnItsOwnWhichAModelMayTakeAfterwards() {
    Dense dense = new Dense(2);
    dense.build(Shape.of(3), new java.util.SplittableRandom(1));
    dense.kernel().value().fill(5f);

    assertTrue(LayerContract.check(dense, Shape.of(3)).passed());

    assertNotEquals(Tensor.filled(dense.kernel().shape(), 5f), dense.kernel().value());
    assertEquals(8, Sequential.of(Shape.of(3), dense).parameterCount());
  }

  private static Map<String, Tensor> values(Sequential model) {
    Map<String, Tensor> values = new LinkedHashMap<>();
    model.namedParameters().forEach((name, p) -> values.put(name, p.value().copy()));
    return values;
  }

  /** {@code y = a · x} with one learned factor, optionally with one fault. */
  private static final class Factor implements Layer {
    enum Fault {
      SETS_GRADIENT, TWO_NAMED_A, NO_BUILT_CHECK, RUNS_UNBUILT, CLEARS_GRAD_OUTPUT,
      HALF_PARAMETERS_ONLY, PARAMETERS_ONLY_CLEARS_GRAD_OUTPUT
    }

    private final Fault fault;
    private Parameter a;
    private Parameter unused;

    Factor(Fault fault) {
      this.fault = fault;
    }

    @Override
    public Shape outputShape(Shape input) {
      return input;
    }

    @Override
    public void build(Shape input, RandomGenerator random) {
      a = new Parameter("a", Tensor.filled(Shape.of(1), 1.5f));
      unused = Parameter.zeros(fault == Fault.TWO_NAMED_A ? "a" : "unused", Shape.of(1));
    }

    @Override
    public Forward forward(Tensor x, boolean training) {
      Parameter p = a;
      if (p == null && fault == Fault.RUNS_UNBUILT) {
        return Forward.of(x.copy(), g -> g.copy()); // as if the factor were 1
      }
      if (p == null && fault != Fault.NO_BUILT_CHECK) {
        throw new IllegalStateException("Factor: not built");
      }
      float av = p.value().getFlat(0);
      return Forward.of(x.scale(av), g -> {
        float da = g.multiply(x).sum();
        p.gradient().setFlat(0, fault == Fault.SETS_GRADIENT ? da : p.gradient().getFlat(0) + da);
        Tensor dx = g.scale(av);
        if (fault == Fault.CLEARS_GRAD_OUTPUT) {
          g.fill(0f); // as if it were scratch space
        }
        return dx;
      }, g -> {
        float da = g.multiply(x).sum();
        p.gradient().setFlat(0, p.gradient().getFlat(0)
            + (fault == Fault.HALF_PARAMETERS_ONLY ? da / 2 : da));
        if (fault == Fault.CLEARS_GRAD_OUTPUT
            || fault == Fault.PARAMETERS_ONLY_CLEARS_GRAD_OUTPUT) {
          g.fill(0f);
        }
      });
    }

    @Override
    public List<Parameter> parameters() {
      return a == null ? List.of() : List.of(a, unused);
    }
  }

  /** The identity, whose {@code parameters()} returns what it is given. */
  private static final class BrokenParameters implements Layer {
    private final List<Parameter> parameters;

    BrokenParameters(List<Parameter> parameters) {
      this.parameters = parameters;
    }

    @Override
    public Shape outputShape(Shape input) {
      return input;
    }

    @Override
    public Forward forward(Tensor x, boolean training) {
      return Forward.of(x.copy(), g -> g.copy());
    }

    @Override
    public List<Parameter> parameters() {
      return parameters;
    }
  }

  /** Adds a bias, but reports twice its gradient. */
  private static final class BiasWithWrongGradient implements Layer {
    private Parameter bias;

    @Override
    public Shape outputShape(Shape input) {
      return input;
    }

    @Override
    public void build(Shape input, RandomGenerator random) {
      bias = Parameter.zeros("bias", input);
    }

    @Override
    public Forward forward(Tensor x, boolean training) {
      Tensor y = x.copy().addBroadcastInPlace(bias.value(), 1);
      return Forward.of(y, g -> {
        bias.gradient().addScaledInPlace(g.sumExcept(1), 2f);
        return g.copy();
      });
    }

    @Override
    public List<Parameter> parameters() {
      return List.of(bias);
    }
  }

  /** Squares its input but keeps the last input on the layer: the bug the contract catches. */
  private static final class RemembersLastInput implements Layer {
    private Tensor last;

    @Override
    public Shape outputShape(Shape input) {
      return input;
    }

    @Override
    public Forward forward(Tensor x, boolean training) {
      last = x;
      return Forward.of(x.multiply(x), g -> g.multiply(last).scale(2f));
    }
  }
}
