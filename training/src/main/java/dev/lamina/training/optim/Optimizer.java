package dev.lamina.training.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.lamina.layers.ClassNames;
import dev.lamina.layers.Parameter;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Updates parameters from their gradients, keeping per-parameter state (such as momentum).
 *
 * <p>The base class owns what all optimizers share: the learning-rate schedule, optional L2 weight
 * decay (adds {@code weightDecay * w} to each gradient before the update), the step count, and the
 * state arrays, which it creates on the first {@link #step} ({@link #stateSlots()} zero-filled
 * arrays per parameter) and exports and imports as an {@link OptimizerState}. A subclass writes
 * only {@link #update} for one parameter.
 *
 * <p>The state belongs to one parameter list: every {@link #step} must pass the same parameters in
 * the same order (a model's {@code parameters()} does).
 */
public abstract class Optimizer {
  /** The setting holding the learning rate of epoch {@value #EPOCH}. */
  public static final String LEARNING_RATE = "learningRate";
  /** The setting holding the epoch the optimizer was in when its state was taken. */
  public static final String EPOCH = "epoch";
  /** The setting holding the L2 weight decay. */
  public static final String WEIGHT_DECAY = "weightDecay";
  /** The settings this class records for every optimizer; {@link #settings} adds the others. */
  private static final Set<String> COMMON_SETTINGS = Set.of(LEARNING_RATE, EPOCH, WEIGHT_DECAY);

  private static final Logger log = LoggerFactory.getLogger(Optimizer.class);

  private final LearningRateSchedule schedule;
  private final float weightDecay;
  private long steps;
  private int epoch;
  private List<float[]> state;
  /** The state arrays of the parameter being updated, as {@link #update} takes them (reused). */
  private float[][] parameterState = new float[0][];
  /** The gradients plus weight decay, for one parameter at a time; grows to the largest one. */
  private float[] decayed = new float[0];

  /** An optimizer following {@code schedule}, with L2 {@code weightDecay} (0 for none). */
  protected Optimizer(LearningRateSchedule schedule, double weightDecay) {
    this.schedule =
        checkNotNull(schedule, "%s: learning-rate schedule", ClassNames.simpleName(getClass()));
    checkArgument(weightDecay >= 0 && Float.isFinite((float) weightDecay),
        "%s: weight decay must be zero or positive and finite (at most %s, as a float), got %s",
        ClassNames.simpleName(getClass()), Float.MAX_VALUE, weightDecay);
    this.weightDecay = (float) weightDecay;
  }

  /** The number of state arrays per parameter, each as long as the parameter. */
  protected abstract int stateSlots();

  /**
   * Updates {@code n} values {@code w[wOff..]} in place from gradients {@code g[gOff..]} (not to be
   * modified; weight decay already added), with this parameter's {@code state} arrays (indexed from
   * 0), the current {@code learningRate} and the 1-based {@code step}. The {@code state} array and,
   * with weight decay, {@code g} are this optimizer's own, reused for the next parameter: valid
   * only during the call (the arrays {@code state} holds are the parameter's, kept across steps).
   */
  protected abstract void update(float[] w, int wOff, float[] g, int gOff, int n, float[][] state,
      float learningRate, long step);

  /**
   * This optimizer's own settings by name (such as {@code momentum}), as saved with its state and
   * compared on {@link #loadState}; the learning rate, its epoch and the weight decay are added by
   * this class under {@link #LEARNING_RATE}, {@link #EPOCH} and {@link #WEIGHT_DECAY}, which take
   * precedence over the same names here. None unless overridden.
   */
  protected Map<String, Double> settings() {
    return Map.of();
  }

  /**
   * A short name, stored with the exported state; the class's {@link ClassNames#simpleName simple
   * name} unless overridden.
   */
  public String name() {
    return ClassNames.simpleName(getClass());
  }

  /** Sets the epoch (0-based) the learning rate is taken from. */
  public void startEpoch(int epoch) {
    checkArgument(epoch >= 0, "epoch must not be negative, got %s", epoch);
    this.epoch = epoch;
  }

  /** The learning rate of the current epoch. */
  public float learningRate() {
    return (float) schedule.rate(epoch);
  }

  /** The L2 weight decay. */
  public float weightDecay() {
    return weightDecay;
  }

  /** The number of steps taken (or loaded). */
  public long steps() {
    return steps;
  }

  /**
   * Updates every parameter's value in place from its gradient (gradients are not modified or
   * cleared). Fails if the parameters do not match the state's sizes, or if the schedule's rate
   * for the current epoch is negative or not finite.
   */
  public final void step(List<Parameter> parameters) {
    float lr = learningRate();
    // a custom schedule may break its contract: a negative rate would climb the loss silently
    if (!(lr >= 0 && Float.isFinite(lr))) { // the message's arguments only when it fails
      throw new IllegalStateException(String.format(Locale.ROOT,
          "%s: the learning-rate schedule gave %s for epoch %s (%s as a float); a learning rate"
              + " must be finite and not negative",
          name(), schedule.rate(epoch), epoch, lr));
    }
    bind(parameters);
    steps++;
    int perParameter = stateSlots();
    if (parameterState.length != perParameter) {
      parameterState = new float[perParameter][];
    }
    for (int p = 0; p < parameters.size(); p++) {
      for (int s = 0; s < perParameter; s++) {
        parameterState[s] = state.get(p * perParameter + s);
      }
      Tensor w = parameters.get(p).value();
      Tensor g = parameters.get(p).gradient();
      if (weightDecay == 0f) {
        update(w.data(), w.offset(), g.data(), g.offset(), w.size(), parameterState, lr, steps);
      } else {
        addDecay(g, w);
        update(w.data(), w.offset(), decayed, 0, w.size(), parameterState, lr, steps);
      }
    }
  }

  /** Writes {@code g + weightDecay * w} into {@link #decayed} (the gradient is left as it is). */
  private void addDecay(Tensor g, Tensor w) {
    int n = w.size();
    if (decayed.length < n) {
      decayed = new float[n];
    }
    float[] gd = g.data();
    float[] wd = w.data();
    for (int i = 0, go = g.offset(), wo = w.offset(); i < n; i++) {
      decayed[i] = gd[go + i] + weightDecay * wd[wo + i];
    }
  }

  /** Makes the state on the first step, or checks it against {@code parameters}. */
  private void bind(List<Parameter> parameters) {
    int slots = stateSlots();
    if (state == null) {
      state = new ArrayList<>();
      for (Parameter p : parameters) {
        for (int s = 0; s < slots; s++) {
          state.add(new float[p.size()]);
        }
      }
      return;
    }
    // plain ifs: this runs every step, and checkState would box its arguments every time
    if (state.size() != parameters.size() * slots) {
      throw new IllegalStateException(String.format(Locale.ROOT,
          "%s: the state holds %s arrays, but %s parameters need %s",
          name(), state.size(), parameters.size(), parameters.size() * slots));
    }
    for (int p = 0; p < parameters.size(); p++) {
      for (int s = 0; s < slots; s++) {
        int length = state.get(p * slots + s).length;
        if (length != parameters.get(p).size()) {
          throw new IllegalStateException(String.format(Locale.ROOT,
              "%s: state array %s has %s values, but parameter %s (%s) has %s", name(),
              p * slots + s, length, p, parameters.get(p).name(), parameters.get(p).size()));
        }
      }
    }
  }

  /**
   * A copy of the state: step count, per-parameter arrays (none before the first step) and the
   * settings (learning rate of the current epoch, weight decay and {@link #settings()}).
   */
  public OptimizerState state() {
    List<float[]> arrays = state == null ? List.of() : state;
    Map<String, Double> all = new TreeMap<>(settings());
    all.put(LEARNING_RATE, schedule.rate(epoch));
    all.put(EPOCH, (double) epoch);
    all.put(WEIGHT_DECAY, (double) weightDecay);
    return new OptimizerState(name(), steps, stateSlots(), arrays, all);
  }

  /**
   * How this optimizer's settings differ from those {@code saved} was taken with, one entry per
   * setting, such as {@code "momentum 0.5 (saved: 0.9)"} or {@code "learning rate 0.01 in epoch 2
   * (saved: 0.05)"}; empty when they agree or {@code saved} has no settings. The learning rate is
   * compared in the epoch the state was taken in, so a schedule is compared where it was.
   */
  public List<String> settingsChangedFrom(OptimizerState saved) {
    Map<String, Double> was = saved.settings();
    List<String> changes = new ArrayList<>();
    if (was.isEmpty()) {
      return changes;
    }
    Double savedEpoch = was.get(EPOCH);
    if (savedEpoch != null && savedEpoch >= 0 && savedEpoch <= Integer.MAX_VALUE
        && savedEpoch == Math.rint(savedEpoch)) {
      int at = savedEpoch.intValue();
      Double rate = rateIn(at);
      if (rate != null) {
        compare(changes, "learning rate", rate, " in epoch " + at, was.get(LEARNING_RATE));
      }
    }
    compare(changes, "weight decay", weightDecay, "", was.get(WEIGHT_DECAY));
    settings().forEach((name, value) -> {
      if (!COMMON_SETTINGS.contains(name)) {
        compare(changes, name, value, "", was.get(name));
      }
    });
    return changes;
  }

  /**
   * The schedule's rate in epoch {@code epoch}, or null when the schedule cannot give one: the
   * epoch comes from a file, and a schedule written for the epochs of one run (say, a lookup in a
   * short array) may throw for another; that only leaves the rate out of the comparison.
   */
  private Double rateIn(int epoch) {
    try {
      return schedule.rate(epoch);
    } catch (RuntimeException e) {
      log.debug("{}: the schedule gives no rate for the saved epoch {}", name(), epoch, e);
      return null;
    }
  }

  /**
   * Compares as the floats the update uses (a rate of 0.1 and one of 0.1f run the same steps) and
   * shows them as {@link #shownSetting} does.
   */
  private void compare(List<String> changes, String what, double now, String where,
      Double saved) {
    if (saved != null && Float.compare((float) now, saved.floatValue()) != 0) {
      changes.add(String.format(Locale.ROOT, "%s %s%s (saved: %s)", what,
          shownSetting(what, now), where, shownSetting(what, saved)));
    }
  }

  /**
   * Setting {@code name}'s {@code value} as a warning shows it: as the float the update uses
   * ("0.9", not the double 0.8999999761581421). A subclass whose {@link #settings} code a flag as
   * 0/1 shows it as false/true.
   */
  protected String shownSetting(String name, double value) {
    return Float.toString((float) value);
  }

  /**
   * Replaces the state with a copy of {@code saved}, exported by an optimizer of the same kind and
   * configuration. Rejects (naming both) a state of another optimizer, with another number of
   * arrays per parameter (plain SGD's state in a momentum SGD), without arrays although steps were
   * taken, or, once this optimizer has stepped, with another number of arrays. The array sizes are
   * checked against the parameters at the next {@link #step}. Settings that differ from the saved
   * ones ({@link #settingsChangedFrom}) are logged as a warning, not rejected: resuming with a
   * smaller learning rate can be meant; the run then does not continue as the saved one would
   * have.
   */
  public void loadState(OptimizerState saved) {
    checkNotNull(saved, "%s: saved state", name());
    checkArgument(saved.optimizer().equals(name()),
        "cannot load state of %s into %s", saved.optimizer(), name());
    checkArgument(saved.slotsPerParameter() == stateSlots(),
        "%s: the saved state keeps %s arrays per parameter, this %s keeps %s (was it saved with"
            + " other settings, such as momentum?)",
        name(), saved.slotsPerParameter(), this, stateSlots());
    checkArgument(stateSlots() == 0 || saved.steps() == 0 || !saved.arrays().isEmpty(),
        "%s: the saved state has taken %s steps but holds no arrays; this %s needs %s per"
            + " parameter", name(), saved.steps(), this, stateSlots());
    checkArgument(state == null || stateSlots() == 0 || saved.arrays().size() == state.size(),
        "%s: the saved state holds %s arrays, this optimizer holds %s", name(),
        saved.arrays().size(), state == null ? 0 : state.size());
    List<float[]> arrays = new ArrayList<>();
    for (int i = 0; i < saved.arrays().size(); i++) {
      arrays.add(saved.array(i));
    }
    this.state = arrays.isEmpty() && stateSlots() > 0 ? null : arrays;
    this.steps = saved.steps();
    List<String> changes = settingsChangedFrom(saved);
    if (!changes.isEmpty()) {
      log.warn("{}: the saved state was taken with other settings; continuing with this"
          + " optimizer's: {}", name(), String.join(", ", changes));
    }
  }

  @Override
  public String toString() {
    return name() + "(lr " + learningRate()
        + (weightDecay > 0 ? ", weight decay " + weightDecay : "") + ")";
  }
}
