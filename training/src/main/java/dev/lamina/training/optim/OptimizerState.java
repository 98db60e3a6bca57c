package dev.lamina.training.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An optimizer's state as plain values, for saving and resuming: the optimizer's
 * {@link Optimizer#name() name}, the number of steps taken, its per-parameter arrays in
 * parameter-major order (parameter 0's slots, then parameter 1's, ...; {@code slotsPerParameter}
 * each, every array as long as its parameter), and the settings it ran with. Plain SGD has no
 * arrays; momentum has one per parameter (the velocity); Adam two (first and second moments). The
 * arrays are copies.
 *
 * <p>The settings are what {@link Optimizer#loadState} compares with the optimizer a run resumes
 * with: {@value Optimizer#LEARNING_RATE} (the rate in epoch {@value Optimizer#EPOCH}, also a
 * setting), {@value Optimizer#WEIGHT_DECAY} and the optimizer's own, such as {@code momentum} or
 * {@code beta1}. A state saved before settings were recorded has none.
 */
public record OptimizerState(String optimizer, long steps, int slotsPerParameter,
    List<float[]> arrays, Map<String, Double> settings) {
  /** A state without recorded settings. */
  public OptimizerState(String optimizer, long steps, int slotsPerParameter,
      List<float[]> arrays) {
    this(optimizer, steps, slotsPerParameter, arrays, Map.of());
  }

  public OptimizerState {
    checkNotNull(settings, "settings");
    settings = Collections.unmodifiableSortedMap(new TreeMap<>(settings));
    checkNotNull(optimizer, "optimizer");
    checkArgument(steps >= 0, "steps must not be negative, got %s", steps);
    checkArgument(slotsPerParameter >= 0,
        "slotsPerParameter must not be negative, got %s", slotsPerParameter);
    checkArgument(
        slotsPerParameter == 0 ? arrays.isEmpty() : arrays.size() % slotsPerParameter == 0,
        "%s arrays are not a whole number of parameters with %s slots each",
        arrays.size(), slotsPerParameter);
    List<float[]> copies = new ArrayList<>(arrays.size());
    for (float[] a : arrays) {
      copies.add(a.clone());
    }
    arrays = List.copyOf(copies);
  }

  /** A copy of array {@code i}. */
  public float[] array(int i) {
    return arrays.get(i).clone();
  }
}
