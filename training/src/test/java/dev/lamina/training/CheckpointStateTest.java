package dev.lamina.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.layers.Sequential;
import dev.lamina.training.io.ModelFileException;
import dev.lamina.training.io.ModelFiles;
import dev.lamina.training.io.TrainingState;
import dev.lamina.training.optim.OptimizerState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The names a checkpoint is stored under, and files that are not valid checkpoints. */
class CheckpointStateTest {
  private final Sequential model = Problems.smallNetwork(1);
  private final TrainingCheckpoint checkpoint = new TrainingCheckpoint(model,
      new OptimizerState("Sgd", 7, 1, List.of(new float[32], new float[16], new float[32],
          new float[2])),
      3, 42, 16, true,
      List.of(new EpochRecord(2, 0.5, 0.75, Double.NaN, Double.NaN, 1.5)));

  @TempDir Path dir;

  @Test
  void theStateUsesDocumentedNames() {
    TrainingState state = CheckpointState.encode(checkpoint);
    assertEquals("Sgd", state.getString("optimizer/name"));
    assertEquals(7, state.getLong("optimizer/steps"));
    assertEquals(1, state.getLong("optimizer/slots"));
    assertEquals(4, state.getLong("optimizer/arrays"));
    assertEquals(2, state.arrayLength("optimizer/3"));
    assertEquals(3, state.getLong("trainer/nextEpoch"));
    assertEquals(42, state.getLong("trainer/seed"));
    assertEquals(16, state.getLong("trainer/batchSize"));
    assertEquals(1, state.getLong("trainer/shuffle"));
    assertEquals(1, state.getLong("history/epochs"));
    assertEquals(2, state.getLong("history/0/epoch"));
    assertEquals(0.75, state.getDouble("history/0/accuracy"));
    assertEquals(1, state.getLong("checkpoint/version"));
  }

  @Test
  void settingsAreDoublesUnderTheirNamesAndAreOptional() throws IOException {
    TrainingCheckpoint withSettings = new TrainingCheckpoint(model,
        new OptimizerState("Sgd", 0, 0, List.of(), Map.of("learningRate", 0.05, "epoch", 2.0)),
        3, 42, 16, true, List.of());
    TrainingState state = CheckpointState.encode(withSettings);
    assertEquals(0.05, state.getDouble("optimizer/setting/learningRate"));
    assertEquals(2.0, state.getDouble("optimizer/setting/epoch"));
    assertEquals(Map.of("learningRate", 0.05, "epoch", 2.0),
        CheckpointState.decode("f", model, state).optimizer().settings());

    TrainingState older = CheckpointState.encode(checkpoint); // as written before settings
    assertTrue(older.doubleNames().stream().noneMatch(n -> n.startsWith("optimizer/")));
    assertEquals(Map.of(), CheckpointState.decode("f", model, older).optimizer().settings());
  }

  @Test
  void aPlainModelFileIsNotACheckpoint() throws IOException {
    Path path = dir.resolve("model.lmf");
    ModelFiles.save(model, path);
    ModelFileException e = assertThrows(ModelFileException.class,
        () -> TrainingCheckpoint.load(path));
    assertTrue(e.getMessage().startsWith(path.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("not a checkpoint"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"trainer/seed, trainer/seed", "optimizer/name, optimizer/name",
      "optimizer/2, optimizer/arrays", "history/0/loss, history/0/loss",
      "checkpoint/version, checkpoint/version"})
  void aMissingValueIsReportedWithTheFileAndTheName(String missing, String named)
      throws IOException {
    Path path = save(without(CheckpointState.encode(checkpoint), missing, Map.of()));
    ModelFileException e = assertThrows(ModelFileException.class,
        () -> TrainingCheckpoint.load(path));
    assertTrue(e.getMessage().startsWith(path.toString()) && e.getMessage().contains(named),
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"trainer/nextEpoch=-1", "optimizer/arrays=1000000000",
      "history/epochs=4000000000", "trainer/batchSize=-5", "checkpoint/version=2"})
  void outOfRangeValuesAreRejectedBeforeAnythingIsAllocated(String assignment) throws IOException {
    String name = assignment.substring(0, assignment.indexOf('='));
    long value = Long.parseLong(assignment.substring(assignment.indexOf('=') + 1));
    Path path = save(without(CheckpointState.encode(checkpoint), name, Map.of(name, value)));
    ModelFileException e = assertThrows(ModelFileException.class,
        () -> TrainingCheckpoint.load(path));
    assertTrue(e.getMessage().startsWith(path.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(name) || e.getMessage().contains("version 2"),
        e.getMessage());
  }

  private Path save(TrainingState state) throws IOException {
    Path path = dir.resolve("checkpoint.lmf");
    ModelFiles.save(model, state, path);
    return path;
  }

  /** {@code state} without {@code name}, with the longs in {@code longs} added. */
  private static TrainingState without(TrainingState state, String name, Map<String, Long> longs) {
    TrainingState.Builder b = TrainingState.builder();
    state.arrayNames().stream().filter(n -> !n.equals(name))
        .forEach(n -> b.putArray(n, state.getArray(n)));
    state.longNames().stream().filter(n -> !n.equals(name))
        .forEach(n -> b.putLong(n, state.getLong(n)));
    state.doubleNames().stream().filter(n -> !n.equals(name))
        .forEach(n -> b.putDouble(n, state.getDouble(n)));
    state.stringNames().stream().filter(n -> !n.equals(name))
        .forEach(n -> b.putString(n, state.getString(n)));
    longs.forEach(b::putLong);
    return b.build();
  }
}
