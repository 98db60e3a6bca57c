package dev.lamina.training.io;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;

/**
 * What a trainer needs, besides the model, to continue a run exactly where it stopped: named {@code
 * float[]} arrays (optimizer state such as momentum or Adam moments), named {@code long} values
 * (epoch, step counters, seeds, random-number positions), named {@code double} values (a
 * learning-rate schedule's position, the best metric so far) and named strings (the optimizer's
 * name, to refuse resuming with another one). The model file stores it as an opaque section; the
 * names and their meaning belong to whoever fills it.
 *
 * <pre>{@code
 * TrainingState state = TrainingState.builder()
 *     .putLong("epoch", 2)
 *     .putLong("seed", 42)
 *     .putArray("sgd.velocity/dense_1/kernel", velocity)
 *     .build();
 * long epoch = state.getLong("epoch");
 * }</pre>
 *
 * Immutable: arrays are copied in and copied out. Names are kept in sorted order so the same state
 * always writes the same bytes. Getters throw {@link IllegalArgumentException} for missing names.
 */
public final class TrainingState {
  private static final TrainingState EMPTY = new Builder().build();

  private final TreeMap<String, float[]> arrays;
  private final TreeMap<String, Long> longs;
  private final TreeMap<String, Double> doubles;
  private final TreeMap<String, String> strings;

  private TrainingState(Builder b) {
    this.arrays = new TreeMap<>(b.arrays);
    this.longs = new TreeMap<>(b.longs);
    this.doubles = new TreeMap<>(b.doubles);
    this.strings = new TreeMap<>(b.strings);
  }

  /** A state with no values. */
  public static TrainingState empty() {
    return EMPTY;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The array names, sorted. */
  public NavigableSet<String> arrayNames() {
    return Collections.unmodifiableNavigableSet(arrays.navigableKeySet());
  }

  /** The long value names, sorted. */
  public NavigableSet<String> longNames() {
    return Collections.unmodifiableNavigableSet(longs.navigableKeySet());
  }

  /** The double value names, sorted. */
  public NavigableSet<String> doubleNames() {
    return Collections.unmodifiableNavigableSet(doubles.navigableKeySet());
  }

  /** The string value names, sorted. */
  public NavigableSet<String> stringNames() {
    return Collections.unmodifiableNavigableSet(strings.navigableKeySet());
  }

  public boolean hasArray(String name) {
    return arrays.containsKey(name);
  }

  public boolean hasLong(String name) {
    return longs.containsKey(name);
  }

  public boolean hasDouble(String name) {
    return doubles.containsKey(name);
  }

  public boolean hasString(String name) {
    return strings.containsKey(name);
  }

  /** A copy of the array stored under {@code name}. */
  public float[] getArray(String name) {
    return present(arrays, name, "array").clone();
  }

  /** The length of the array stored under {@code name}, without copying it. */
  public int arrayLength(String name) {
    return present(arrays, name, "array").length;
  }

  /** Copies the array stored under {@code name} into {@code destination} (same length required). */
  public void copyArrayInto(String name, float[] destination) {
    float[] source = present(arrays, name, "array");
    checkArgument(
        destination.length == source.length,
        "training state array '%s' has %s values, the destination %s",
        name,
        source.length,
        destination.length);
    System.arraycopy(source, 0, destination, 0, source.length);
  }

  public long getLong(String name) {
    return present(longs, name, "long");
  }

  public double getDouble(String name) {
    return present(doubles, name, "double");
  }

  public String getString(String name) {
    return present(strings, name, "string");
  }

  /** The stored arrays (not copied) for the writer. */
  Map<String, float[]> rawArrays() {
    return Collections.unmodifiableMap(arrays);
  }

  Map<String, Long> rawLongs() {
    return Collections.unmodifiableMap(longs);
  }

  Map<String, Double> rawDoubles() {
    return Collections.unmodifiableMap(doubles);
  }

  Map<String, String> rawStrings() {
    return Collections.unmodifiableMap(strings);
  }

  private static <T> T present(Map<String, T> map, String name, String kind) {
    T value = map.get(name);
    checkArgument(
        value != null, "training state has no %s '%s' (it has %s)", kind, name, map.keySet());
    return value;
  }

  /**
   * Equal when every name and value is equal (values compare as {@code Float/Double.equals} do).
   */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TrainingState)) {
      return false;
    }
    TrainingState other = (TrainingState) o;
    if (!longs.equals(other.longs)
        || !doubles.equals(other.doubles)
        || !strings.equals(other.strings)
        || !arrays.keySet().equals(other.arrays.keySet())) {
      return false;
    }
    for (Map.Entry<String, float[]> e : arrays.entrySet()) {
      if (!Arrays.equals(e.getValue(), other.arrays.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = (longs.hashCode() * 31 + doubles.hashCode()) * 31 + strings.hashCode();
    for (Map.Entry<String, float[]> e : arrays.entrySet()) {
      h += e.getKey().hashCode() ^ Arrays.hashCode(e.getValue());
    }
    return h;
  }

  @Override
  public String toString() {
    return "TrainingState(arrays "
        + arrays.keySet()
        + ", longs "
        + longs
        + ", doubles "
        + doubles
        + ", strings "
        + strings
        + ")";
  }

  /** Collects named values for a {@link TrainingState}; each name may be set once per kind. */
  public static final class Builder {
    private final TreeMap<String, float[]> arrays = new TreeMap<>();
    private final TreeMap<String, Long> longs = new TreeMap<>();
    private final TreeMap<String, Double> doubles = new TreeMap<>();
    private final TreeMap<String, String> strings = new TreeMap<>();

    private Builder() {}

    /** Stores a copy of {@code values} under {@code name}. */
    public Builder putArray(String name, float[] values) {
      checkNotNull(values, "training state array '%s' is null", name);
      return put(arrays, name, values.clone(), "array");
    }

    public Builder putLong(String name, long value) {
      return put(longs, name, value, "long");
    }

    public Builder putDouble(String name, double value) {
      return put(doubles, name, value, "double");
    }

    public Builder putString(String name, String value) {
      checkNotNull(value, "training state string '%s' is null", name);
      return put(strings, name, value, "string");
    }

    private <T> Builder put(Map<String, T> map, String name, T value, String kind) {
      checkArgument(name != null && !name.isEmpty(), "a training state name must not be empty");
      checkArgument(
          map.putIfAbsent(name, value) == null, "training state %s '%s' is set twice", kind, name);
      return this;
    }

    public TrainingState build() {
      return new TrainingState(this);
    }
  }
}
