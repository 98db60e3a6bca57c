package dev.lamina.training;

import dev.lamina.layers.Sequential;
import dev.lamina.training.io.ModelFileException;
import dev.lamina.training.io.TrainingState;
import dev.lamina.training.optim.OptimizerState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps a {@link TrainingCheckpoint} to and from the {@link TrainingState} of a model file. Names:
 * long {@code checkpoint/version} (1); longs {@code trainer/nextEpoch}, {@code trainer/seed},
 * {@code trainer/batchSize}, {@code trainer/shuffle} (0 or 1); string {@code optimizer/name},
 * longs {@code optimizer/steps}, {@code optimizer/slots}, {@code optimizer/arrays}, arrays
 * {@code optimizer/0 ..} and a double {@code optimizer/setting/<name>} per setting (absent in
 * files written before settings were recorded, which resume without the comparison); long
 * {@code history/epochs} and per recorded epoch {@code i} the long {@code history/i/epoch} and
 * the doubles {@code history/i/loss}, {@code .../accuracy}, {@code
 * .../validationLoss}, {@code .../validationAccuracy}, {@code .../seconds}.
 */
final class CheckpointState {
  static final long VERSION = 1;
  private static final String SETTING = "optimizer/setting/";

  private CheckpointState() {}

  static TrainingState encode(TrainingCheckpoint c) {
    TrainingState.Builder b = TrainingState.builder()
        .putLong("checkpoint/version", VERSION)
        .putLong("trainer/nextEpoch", c.nextEpoch())
        .putLong("trainer/seed", c.seed())
        .putLong("trainer/batchSize", c.batchSize())
        .putLong("trainer/shuffle", c.shuffle() ? 1 : 0);
    OptimizerState o = c.optimizer();
    b.putString("optimizer/name", o.optimizer())
        .putLong("optimizer/steps", o.steps())
        .putLong("optimizer/slots", o.slotsPerParameter())
        .putLong("optimizer/arrays", o.arrays().size());
    for (int i = 0; i < o.arrays().size(); i++) {
      b.putArray("optimizer/" + i, o.arrays().get(i));
    }
    o.settings().forEach((name, value) -> b.putDouble(SETTING + name, value));
    b.putLong("history/epochs", c.history().size());
    for (int i = 0; i < c.history().size(); i++) {
      EpochRecord r = c.history().get(i);
      String p = "history/" + i + "/";
      b.putLong(p + "epoch", r.epoch())
          .putDouble(p + "loss", r.loss())
          .putDouble(p + "accuracy", r.accuracy())
          .putDouble(p + "validationLoss", r.validationLoss())
          .putDouble(p + "validationAccuracy", r.validationAccuracy())
          .putDouble(p + "seconds", r.seconds());
    }
    return b.build();
  }

  /**
   * The checkpoint of {@code model} described by {@code state}; {@code source} names the file in
   * the {@link ModelFileException} thrown when a value is missing or out of range.
   */
  static TrainingCheckpoint decode(String source, Sequential model, TrainingState state)
      throws ModelFileException {
    try {
      long version = state.getLong("checkpoint/version");
      if (version != VERSION) {
        throw new ModelFileException(source, String.format(
            Locale.ROOT,
            "checkpoint version %d is not supported (this Lamina reads version %d)", version,
            VERSION));
      }
      return new TrainingCheckpoint(model, optimizer(state),
          intValue(state, "trainer/nextEpoch", Integer.MAX_VALUE),
          state.getLong("trainer/seed"),
          intValue(state, "trainer/batchSize", Integer.MAX_VALUE),
          intValue(state, "trainer/shuffle", 1) == 1,
          history(state));
    } catch (IllegalArgumentException e) {
      throw new ModelFileException(source, "not a valid checkpoint: " + e.getMessage(), e);
    }
  }

  private static OptimizerState optimizer(TrainingState state) {
    int count = intValue(state, "optimizer/arrays", state.arrayNames().size());
    List<float[]> arrays = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      arrays.add(state.getArray("optimizer/" + i));
    }
    Map<String, Double> settings = new TreeMap<>();
    for (String name : state.doubleNames().tailSet(SETTING)) {
      if (!name.startsWith(SETTING)) {
        break;
      }
      settings.put(name.substring(SETTING.length()), state.getDouble(name));
    }
    return new OptimizerState(state.getString("optimizer/name"),
        state.getLong("optimizer/steps"),
        intValue(state, "optimizer/slots", Integer.MAX_VALUE), arrays, settings);
  }

  private static List<EpochRecord> history(TrainingState state) {
    int count = intValue(state, "history/epochs", state.longNames().size());
    List<EpochRecord> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String p = "history/" + i + "/";
      records.add(new EpochRecord(intValue(state, p + "epoch", Integer.MAX_VALUE),
          state.getDouble(p + "loss"), state.getDouble(p + "accuracy"),
          state.getDouble(p + "validationLoss"), state.getDouble(p + "validationAccuracy"),
          state.getDouble(p + "seconds")));
    }
    return records;
  }

  /** The long {@code name} as an int in {@code [0, max]}. */
  private static int intValue(TrainingState state, String name, int max) {
    long value = state.getLong(name);
    if (value < 0 || value > max) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "'%s' is %d, expected a value in [0, %d]", name, value, max));
    }
    return (int) value;
  }
}
