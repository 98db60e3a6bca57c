package dev.lamina.training.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lamina.layers.Parameter;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case starts from w = [1, 2] with gradient [0.5, -1] and learning rate 0.1. */
class OptimizerTest {
  private static final float[] G1 = {0.5f, -1f};

  private static Parameter parameter() {
    return new Parameter("w", Tensor.of(Shape.of(2), 1f, 2f));
  }

  private static float[] step(Optimizer optimizer, Parameter p, float... gradient) {
    p.gradient().copyFrom(Tensor.of(Shape.of(2), gradient.clone()));
    optimizer.step(List.of(p));
    return p.value().toArray();
  }

  @Test
  void sgdSubtractsLearningRateTimesGradient() {
    Parameter p = parameter();
    Sgd sgd = new Sgd(0.1);
    assertArrayEquals(new float[] {0.95f, 2.1f}, step(sgd, p, G1), 1e-6f);
    assertArrayEquals(new float[] {0.9f, 2.2f}, step(sgd, p, G1), 1e-6f);
    assertEquals(2, sgd.steps());
    assertTrue(sgd.state().arrays().isEmpty());
  }

  @Test
  void momentumAccumulatesVelocity() {
    Parameter p = parameter();
    Optimizer sgd = Sgd.builder().learningRate(0.1).momentum(0.9).build();
    // v1 = g, w = w - 0.1 g
    assertArrayEquals(new float[] {0.95f, 2.1f}, step(sgd, p, G1), 1e-6f);
    // v2 = 0.9 g + g = 1.9 g, w = [0.95 - 0.095, 2.1 + 0.19]
    assertArrayEquals(new float[] {0.855f, 2.29f}, step(sgd, p, G1), 1e-6f);
    assertArrayEquals(new float[] {0.95f, -1.9f}, sgd.state().array(0), 1e-6f);
  }

  @Test
  void nesterovLooksAhead() {
    Parameter p = parameter();
    Optimizer sgd = Sgd.builder().learningRate(0.1).momentum(0.9).nesterov(true).build();
    // v1 = g, step g + 0.9 v1 = 1.9 g
    assertArrayEquals(new float[] {0.905f, 2.19f}, step(sgd, p, G1), 1e-6f);
    // v2 = 1.9 g, step g + 0.9 * 1.9 g = 2.71 g
    assertArrayEquals(new float[] {0.7695f, 2.461f}, step(sgd, p, G1), 1e-6f);
  }

  @Test
  void adamTakesBiasCorrectedSteps() {
    Parameter p = parameter();
    Optimizer adam = Adam.builder().learningRate(0.1).build();
    // step 1: m-hat = g, v-hat = g^2, so each weight moves by lr * sign(g)
    assertArrayEquals(new float[] {0.9f, 2.1f}, step(adam, p, G1), 1e-6f);
    // step 2 with g = [1, 1]: m = [0.145, 0.01], v = [0.00124975, 0.001999];
    // w0 -= 0.1 * (0.145 / 0.19) / sqrt(0.00124975 / 0.001999) = 0.0965182
    // w1 -= 0.1 * (0.01 / 0.19) / sqrt(0.001999 / 0.001999) = 0.00526316
    assertArrayEquals(new float[] {0.8034818f, 2.0947368f}, step(adam, p, 1f, 1f), 1e-6f);
    assertEquals(2, adam.state().arrays().size(), "m and v");
  }

  @Test
  void weightDecayAddsL2TermToTheGradient() {
    Parameter p = parameter();
    Optimizer sgd = Sgd.builder().learningRate(0.1).weightDecay(0.1).build();
    // g' = g + 0.1 w = [0.6, -0.8]
    assertArrayEquals(new float[] {0.94f, 2.08f}, step(sgd, p, G1), 1e-6f);
    assertArrayEquals(G1, p.gradient().toArray(), "the gradient itself is left alone");
  }

  /**
   * Weight decay over several parameters of different sizes (the largest first, then smaller ones
   * that reuse the decay buffer) and views with an offset: each update sees exactly its own
   * {@code g + decay * w}, as if the gradient had been copied and decayed, bit for bit.
   */
  @Test
  void weightDecayOfEachParameterUsesItsOwnValues() {
    float[] backing = {9f, 1.5f, -2f, 0.25f, 3f, -0.5f, 7f, 0.75f};
    List<Parameter> params = List.of(
        new Parameter("big", Tensor.of(Shape.of(5), 1f, -2f, 3f, 0.5f, -1.25f)),
        new Parameter("view", Tensor.wrap(Shape.of(3), backing, 2)),
        new Parameter("one", Tensor.of(Shape.of(1), 4f)));
    List<Parameter> copies = new ArrayList<>();
    for (Parameter p : params) {
      copies.add(new Parameter(p.name(), p.value().copy()));
    }
    float momentum = 0.9f;
    float decay = 0.01f;
    float lr = 0.1f;
    Optimizer sgd = Sgd.builder().learningRate(lr).momentum(momentum).weightDecay(decay).build();
    List<float[]> velocity = new ArrayList<>();
    copies.forEach(c -> velocity.add(new float[c.size()]));
    for (int step = 1; step <= 3; step++) {
      for (int p = 0; p < params.size(); p++) {
        for (int i = 0; i < params.get(p).size(); i++) {
          params.get(p).gradient().setFlat(i, 0.5f * step - i + p);
        }
      }
      sgd.step(params);
      for (int p = 0; p < copies.size(); p++) { // the update written out, on the copies
        Tensor w = copies.get(p).value();
        Tensor g = params.get(p).gradient().copy().addScaledInPlace(w, decay);
        for (int i = 0; i < w.size(); i++) {
          velocity.get(p)[i] = momentum * velocity.get(p)[i] + g.getFlat(i);
          w.setFlat(i, w.getFlat(i) - lr * velocity.get(p)[i]);
        }
        assertArrayEquals(w.toArray(), params.get(p).value().toArray(), "step " + step + ", "
            + params.get(p).name());
      }
    }
    assertEquals(9f, backing[0], "values outside the view are left alone");
    assertEquals(0.75f, backing[7]);
  }

  /**
   * Once the state exists, a step allocates nothing that grows with the model: not the gradient
   * plus weight decay (three parameters of 20,000 values: 240 KB a step if copied), not a list of
   * each parameter's state arrays (1,000 parameters of 2 values: about 24 KB a step if made anew).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("decayedOptimizers")
  void stepsAfterTheFirstAllocateAlmostNothing(String name, Supplier<Optimizer> made) {
    Optimizer optimizer = made.get();
    List<Parameter> params = new ArrayList<>();
    for (int p = 0; p < 1_003; p++) {
      Parameter parameter =
          new Parameter("p" + p, Tensor.filled(Shape.of(p < 3 ? 20_000 : 2), 0.5f));
      parameter.gradient().fill(0.25f);
      params.add(parameter);
    }
    optimizer.step(params);
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported()
        && threads.isThreadAllocatedMemoryEnabled());
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 50; i++) {
      optimizer.step(params);
    }
    long perStep = (threads.getCurrentThreadAllocatedBytes() - before) / 50;
    assertTrue(perStep < 1_000, name + " allocated " + perStep + " bytes a step");
  }

  /**
   * An optimizer that has stepped on its own parameters, then loads another's state and continues
   * on a new list of the same tensors, takes exactly the steps the other would have: its arrays
   * are the loaded ones, not the ones it used before (a review found a cache of the old arrays
   * that {@code loadState} did not reset; there is no such cache any more).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("decayedOptimizers")
  void loadingStateAfterStepsContinuesFromTheLoadedState(String name, Supplier<Optimizer> made) {
    Optimizer original = made.get();
    List<Parameter> theirs = stepped(1f);
    original.step(theirs);
    OptimizerState afterOne = original.state();
    List<float[]> weightsAfterOne = new ArrayList<>();
    theirs.forEach(p -> weightsAfterOne.add(p.value().toArray()));
    original.step(theirs);
    original.step(theirs);

    Optimizer resumed = made.get();
    List<Parameter> ours = stepped(7f);
    resumed.step(ours);
    resumed.step(ours);
    resumed.loadState(afterOne);
    for (int p = 0; p < ours.size(); p++) {
      ours.get(p).value().copyFrom(Tensor.of(ours.get(p).shape(), weightsAfterOne.get(p)));
    }
    List<Parameter> again = new ArrayList<>(ours);
    resumed.step(again);
    resumed.step(again);
    for (int p = 0; p < ours.size(); p++) {
      assertArrayEquals(theirs.get(p).value().toArray(), again.get(p).value().toArray(),
          name + ", parameter " + p);
    }
  }

  /** Three parameters of 5 to 7 values, all {@code start + p}, with fixed gradients. */
  private static List<Parameter> stepped(float start) {
    List<Parameter> params = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      Parameter parameter = new Parameter("p" + p, Tensor.filled(Shape.of(5 + p), start + p));
      for (int i = 0; i < parameter.size(); i++) {
        parameter.gradient().setFlat(i, 0.1f * (i + 1) - p);
      }
      params.add(parameter);
    }
    return params;
  }

  static Stream<Arguments> decayedOptimizers() {
    return Stream.of(
        Arguments.of("sgd", (Supplier<Optimizer>) () -> Sgd.builder().learningRate(0.1)
            .weightDecay(0.01).build()),
        Arguments.of("momentum", (Supplier<Optimizer>) () -> Sgd.builder().learningRate(0.1)
            .momentum(0.9).weightDecay(0.01).build()),
        Arguments.of("nesterov", (Supplier<Optimizer>) () -> Sgd.builder().learningRate(0.1)
            .momentum(0.5).nesterov(true).weightDecay(0.01).build()),
        Arguments.of("adam", (Supplier<Optimizer>) () -> Adam.builder().learningRate(0.01)
            .weightDecay(0.01).build()));
  }

  static Stream<Arguments> statefulOptimizers() {
    return Stream.of(
        Arguments.of("momentum",
            (Supplier<Optimizer>) () -> Sgd.builder().learningRate(0.1).momentum(0.9).build()),
        Arguments.of("nesterov",
            (Supplier<Optimizer>) () -> Sgd.builder().learningRate(0.1).momentum(0.5)
                .nesterov(true).build()),
        Arguments.of("adam", (Supplier<Optimizer>) () -> new Adam(0.01)),
        Arguments.of("sgd", (Supplier<Optimizer>) () -> new Sgd(0.1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statefulOptimizers")
  void exportedStateResumesExactly(String name, Supplier<Optimizer> factory) {
    Parameter a = parameter();
    Optimizer original = factory.get();
    step(original, a, G1);
    step(original, a, 0.25f, 0.75f);
    Parameter b = new Parameter("w", a.value().copy());
    Optimizer resumed = factory.get();
    resumed.loadState(original.state());
    assertEquals(2, resumed.steps());
    assertArrayEquals(step(original, a, -1f, 0.5f), step(resumed, b, -1f, 0.5f));
    assertArrayEquals(step(original, a, 2f, 0.5f), step(resumed, b, 2f, 0.5f));
  }

  /** An anonymous optimizer was named "", in its messages and its exported state. */
  @Test
  void anAnonymousOptimizerIsNamedAfterTheClassItIsDeclaredIn() {
    Optimizer anonymous = new Optimizer(LearningRateSchedule.constant(0.1), 0) {
      @Override
      protected int stateSlots() {
        return 0;
      }

      @Override
      protected void update(float[] w, int wOff, float[] g, int gOff, int n, float[][] state,
          float learningRate, long step) {}
    };

    assertTrue(anonymous.name().matches("OptimizerTest\\$\\d+"), anonymous.name());
    assertEquals(anonymous.name(), anonymous.state().optimizer());
  }

  @Test
  void theStateRecordsTheSettingsItWasTakenWith() {
    Optimizer momentum = Sgd.builder().schedule(LearningRateSchedule.exponential(0.1, 0.5))
        .momentum(0.9).weightDecay(0.01).build();
    momentum.startEpoch(2);

    assertEquals(Map.of("learningRate", 0.1 * 0.25, "epoch", 2.0, "weightDecay", (double) 0.01f,
        "momentum", (double) 0.9f, "nesterov", 0.0), momentum.state().settings());
    assertEquals(Map.of("learningRate", 0.01, "epoch", 0.0, "weightDecay", 0.0,
        "beta1", (double) 0.9f, "beta2", (double) 0.999f, "epsilon", (double) 1e-8f),
        new Adam(0.01).state().settings());
  }

  @Test
  void otherSettingsAreNamedButTheStateStillLoads() {
    Optimizer saved = Sgd.builder().schedule(LearningRateSchedule.exponential(0.1, 0.5))
        .momentum(0.9).build();
    saved.startEpoch(1);
    step(saved, parameter(), G1);
    OptimizerState state = saved.state();

    Optimizer same = Sgd.builder().schedule(LearningRateSchedule.exponential(0.1, 0.5))
        .momentum(0.9).build();
    assertEquals(List.of(), same.settingsChangedFrom(state), "compared in the saved epoch");

    Optimizer other = Sgd.builder().learningRate(0.01).momentum(0.5).build();
    assertEquals(List.of("learning rate 0.01 in epoch 1 (saved: 0.05)",
        "momentum 0.5 (saved: 0.9)"), other.settingsChangedFrom(state));
    Optimizer nesterov = Sgd.builder().schedule(LearningRateSchedule.exponential(0.1, 0.5))
        .momentum(0.9).nesterov(true).build();
    assertEquals(List.of("nesterov true (saved: false)"), nesterov.settingsChangedFrom(state));
    Optimizer asFloat = Sgd.builder().schedule(LearningRateSchedule.exponential(0.1f, 0.5))
        .momentum(0.9f).build();
    assertEquals(List.of(), asFloat.settingsChangedFrom(state), "the same float steps");
    other.loadState(state); // a warning, not a failure: a smaller rate on resuming can be meant
    assertEquals(1, other.steps());

    OptimizerState unrecorded = new OptimizerState(state.optimizer(), state.steps(),
        state.slotsPerParameter(), state.arrays());
    assertEquals(List.of(), other.settingsChangedFrom(unrecorded), "a state without settings");
  }

  /**
   * The saved epoch comes from a file: a schedule that throws for it (here a lookup in a short
   * array, and a forged epoch of a billion) leaves the rate out of the comparison, and the state
   * still loads.
   */
  @Test
  void aScheduleThatFailsForTheSavedEpochLeavesTheRateOutOfTheComparison() {
    double[] rates = {0.1, 0.05};
    Optimizer saved = Sgd.builder().schedule(epoch -> rates[epoch]).momentum(0.9).build();
    step(saved, parameter(), G1);
    Map<String, Double> settings = new java.util.HashMap<>(saved.state().settings());
    settings.put(Optimizer.EPOCH, 1e9);
    OptimizerState forged = new OptimizerState(saved.state().optimizer(), 1, 1,
        saved.state().arrays(), settings);

    Optimizer resumed = Sgd.builder().schedule(epoch -> rates[epoch]).momentum(0.5).build();

    assertEquals(List.of("momentum 0.5 (saved: 0.9)"), resumed.settingsChangedFrom(forged));
    resumed.loadState(forged);
    assertEquals(1, resumed.steps());
  }

  @Test
  void stateOfTheWrongKindOrSizeIsRejected() {
    Optimizer adam = new Adam(0.01);
    step(adam, parameter(), G1);
    IllegalArgumentException kind = assertThrows(IllegalArgumentException.class,
        () -> Sgd.builder().learningRate(0.1).momentum(0.9).build().loadState(adam.state()));
    assertTrue(kind.getMessage().contains("Adam") && kind.getMessage().contains("Sgd"),
        kind.getMessage());

    Optimizer other = new Adam(0.01);
    other.loadState(adam.state());
    Parameter wrong = new Parameter("w", Tensor.zeros(Shape.of(3)));
    IllegalStateException size =
        assertThrows(IllegalStateException.class, () -> other.step(List.of(wrong)));
    assertTrue(size.getMessage().contains("has 2 values") && size.getMessage().contains("has 3"),
        size.getMessage());
  }

  @Test
  void plainSgdStateIsRejectedByMomentumSgdNamingBothCounts() {
    Optimizer plain = new Sgd(0.1);
    step(plain, parameter(), G1);
    Optimizer momentum = Sgd.builder().learningRate(0.1).momentum(0.9).build();

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> momentum.loadState(plain.state()));
    assertTrue(e.getMessage().contains("keeps 0 arrays per parameter")
        && e.getMessage().contains("keeps 1"), e.getMessage());
    IllegalArgumentException back =
        assertThrows(IllegalArgumentException.class, () -> plain.loadState(momentumState(1, 1)));
    assertTrue(back.getMessage().contains("keeps 1 arrays per parameter"), back.getMessage());
  }

  @Test
  void aStatefulOptimizersStateWithoutArraysIsRejectedOnceStepsWereTaken() {
    Optimizer momentum = Sgd.builder().learningRate(0.1).momentum(0.9).build();

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> momentum.loadState(new OptimizerState("Sgd", 5, 1, List.of())));
    assertTrue(e.getMessage().contains("taken 5 steps but holds no arrays"), e.getMessage());
    momentum.loadState(new OptimizerState("Sgd", 0, 1, List.of()));
    assertEquals(0, momentum.steps());
  }

  @Test
  void aStateWithAnotherArrayCountIsRejectedAfterTheFirstStep() {
    Optimizer momentum = Sgd.builder().learningRate(0.1).momentum(0.9).build();
    step(momentum, parameter(), G1);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> momentum.loadState(momentumState(3, 2)));
    assertTrue(e.getMessage().contains("holds 3 arrays, this optimizer holds 1"), e.getMessage());
  }

  private static OptimizerState momentumState(int arrays, int length) {
    List<float[]> velocity = new ArrayList<>();
    for (int i = 0; i < arrays; i++) {
      velocity.add(new float[length]);
    }
    return new OptimizerState("Sgd", 1, 1, velocity);
  }

  @Test
  void schedulesFollowTheirFormulas() {
    assertEquals(0.1, LearningRateSchedule.step(0.1, 2, 0.5).rate(1), 1e-12);
    assertEquals(0.05, LearningRateSchedule.step(0.1, 2, 0.5).rate(2), 1e-12);
    assertEquals(0.025, LearningRateSchedule.step(0.1, 2, 0.5).rate(5), 1e-12);
    assertEquals(0.1 * 0.9 * 0.9, LearningRateSchedule.exponential(0.1, 0.9).rate(2), 1e-12);
    LearningRateSchedule cosine = LearningRateSchedule.cosine(0.1, 10, 0.01);
    assertEquals(0.1, cosine.rate(0), 1e-12);
    assertEquals(0.055, cosine.rate(5), 1e-12);
    assertEquals(0.01, cosine.rate(10), 1e-12);
    assertEquals(0.01, cosine.rate(12), 1e-12);
  }

  @Test
  void theOptimizerTakesItsRateFromTheEpoch() {
    Optimizer sgd = Sgd.builder().schedule(LearningRateSchedule.step(0.1, 1, 0.5)).build();
    sgd.startEpoch(2);
    assertEquals(0.025f, sgd.learningRate(), 1e-9f);
    Parameter p = parameter();
    assertArrayEquals(new float[] {1 - 0.0125f, 2.025f}, step(sgd, p, G1), 1e-6f);
  }

  @Test
  void aDecayThatUnderflowsLeavesTheWeightsWhereTheyAre() {
    LearningRateSchedule decay = LearningRateSchedule.exponential(0.05, 0.7);
    assertEquals(0.0, decay.rate(3000));
    Optimizer momentum = Sgd.builder().schedule(decay).momentum(0.9).build();
    momentum.startEpoch(400);
    assertEquals(0f, momentum.learningRate());
    Parameter p = parameter();
    step(momentum, p, G1);
    assertArrayEquals(new float[] {1f, 2f}, step(momentum, p, G1)); // velocity grew, no step
  }

  static Stream<Arguments> badSettings() {
    return Stream.of(
        Arguments.of((Executable) () -> new Sgd(-0.1), "learning rate must be positive"),
        Arguments.of((Executable) () -> new Sgd(Double.NaN), "learning rate must be positive"),
        Arguments.of((Executable) () -> Sgd.builder().build(), "set a learningRate"),
        Arguments.of((Executable) () -> Sgd.builder().learningRate(0.1).momentum(1).build(),
            "momentum must be in [0, 1)"),
        Arguments.of((Executable) () -> Sgd.builder().learningRate(0.1).nesterov(true).build(),
            "Nesterov"),
        Arguments.of((Executable) () -> Sgd.builder().learningRate(0.1).weightDecay(-1).build(),
            "weight decay"),
        Arguments.of((Executable) () -> Adam.builder().beta1(1).build(), "beta1 must be in [0, 1)"),
        Arguments.of((Executable) () -> Adam.builder().beta2(-0.1).build(),
            "beta2 must be in [0, 1)"),
        Arguments.of((Executable) () -> Adam.builder().epsilon(0).build(),
            "epsilon must be positive"),
        Arguments.of((Executable) () -> LearningRateSchedule.step(0.1, 0, 0.5),
            "positive number of epochs"),
        Arguments.of((Executable) () -> LearningRateSchedule.exponential(0.1, 1.5),
            "gamma must be in (0, 1]"),
        Arguments.of((Executable) () -> LearningRateSchedule.cosine(0.1, 10, 0.2), "minimum rate"),
        // settings that are fine as doubles but not as the floats the update uses
        Arguments.of((Executable) () -> new Sgd(1e300), "constant schedule: the learning rate"
            + " 1.0E300 is Infinity as the float the optimizer uses; it must be in"
            + " [1.4E-45, 3.4028235E38]"),
        Arguments.of((Executable) () -> new Adam(1e-50),
            "the learning rate 1.0E-50 is 0.0 as the float"),
        Arguments.of((Executable) () -> Sgd.builder().learningRate(0.1).momentum(0.99999999999)
            .build(), "momentum must be in [0, 1) (as a float), got 0.99999999999"),
        Arguments.of((Executable) () -> Sgd.builder().learningRate(0.1).weightDecay(1e300).build(),
            "weight decay must be zero or positive and finite (at most 3.4028235E38, as a float)"),
        Arguments.of((Executable) () -> Adam.builder().beta2(0.99999999999).build(),
            "beta2 must be in [0, 1) (as a float), got 0.99999999999"),
        Arguments.of((Executable) () -> Adam.builder().epsilon(1e-50).build(),
            "epsilon must be positive and finite (in [1.4E-45, 3.4028235E38], as a float)"),
        // NaN passes no range check written as "x < min || x > max"; each must still be refused
        Arguments.of((Executable) () -> Sgd.builder().learningRate(0.1).momentum(Double.NaN)
            .build(), "momentum must be in [0, 1) (as a float), got NaN"),
        Arguments.of((Executable) () -> Sgd.builder().learningRate(0.1).weightDecay(Double.NaN)
            .build(), "weight decay must be zero or positive and finite"),
        Arguments.of((Executable) () -> Adam.builder().beta1(Double.NaN).build(),
            "beta1 must be in [0, 1) (as a float), got NaN"),
        Arguments.of((Executable) () -> Adam.builder().beta2(Double.NaN).build(),
            "beta2 must be in [0, 1) (as a float), got NaN"),
        Arguments.of((Executable) () -> Adam.builder().epsilon(Double.NaN).build(),
            "epsilon must be positive and finite"),
        Arguments.of((Executable) () -> LearningRateSchedule.step(Double.NaN, 2, 0.5),
            "learning rate must be positive and finite, got NaN"),
        Arguments.of((Executable) () -> LearningRateSchedule.step(0.1, 2, Double.NaN),
            "gamma must be in (0, 1], got NaN"),
        Arguments.of((Executable) () -> LearningRateSchedule.exponential(0.1, Double.NaN),
            "gamma must be in (0, 1], got NaN"),
        Arguments.of((Executable) () -> LearningRateSchedule.cosine(0.1, 10, Double.NaN),
            "the minimum rate must be in [0, 0.1], got NaN"));
  }

  /** A negative rate once climbed the loss silently; NaN ended as a diverged run. */
  @Test
  void aScheduleThatGivesANegativeOrNonFiniteRateStopsTheStep() {
    for (double bad : new double[] {-0.5, Double.NaN, 1e300}) {
      Optimizer sgd = Sgd.builder().schedule(epoch -> epoch < 2 ? 0.1 : bad).build();
      Parameter p = parameter();
      step(sgd, p, G1);
      sgd.startEpoch(2);
      float[] before = p.value().toArray();

      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> step(sgd, p, G1));
      assertEquals("Sgd: the learning-rate schedule gave " + bad + " for epoch 2 (" + (float) bad
          + " as a float); a learning rate must be finite and not negative", e.getMessage());
      assertArrayEquals(before, p.value().toArray());
      assertEquals(1, sgd.steps());
    }
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badSettings")
  void badHyperparametersFailAtConstructionWithAClearMessage(Executable construct, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construct);
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }
}
