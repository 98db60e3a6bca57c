package dev.lamina.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.datasets.Dataset;
import dev.lamina.layers.Sequential;
import dev.lamina.training.loss.Losses;
import dev.lamina.training.optim.Sgd;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run stopped in the middle of an epoch is checkpointed as not having completed that epoch. */
class MidEpochStopTest {
  private final Dataset train = Problems.separable(200, 1);

  @TempDir Path dir;

  /** Stops after batch {@code batch} (0-based) of epoch {@code epoch}; records the checkpoints. */
  static final class StopMidEpoch implements TrainingListener {
    final int epoch;
    final int batch;
    final List<TrainingCheckpoint> checkpoints = new ArrayList<>();

    StopMidEpoch(int epoch, int batch) {
      this.epoch = epoch;
      this.batch = batch;
    }

    @Override
    public void onBatchEnd(TrainingContext context) {
      if (context.epoch() == epoch && context.batch() == batch) {
        context.requestStop("stopped mid-epoch");
      }
    }

    @Override
    public void onEpochEnd(TrainingContext context, EpochRecord record) {
      checkpoints.add(context.checkpoint());
    }
  }

  private static Trainer.Builder trainer(Sequential model) {
    return Trainer.builder().model(model).loss(Losses.crossEntropy()).optimizer(new Sgd(0.1))
        .batchSize(16).seed(3);
  }

  @Test
  void theCheckpointRestartsTheInterruptedEpochFromItsBeginning() throws IOException {
    StopMidEpoch stop = new StopMidEpoch(1, 4);
    Trainer first = trainer(Problems.smallNetwork(5)).epochs(4).listener(stop).build();

    TrainingHistory history = first.fit(train);

    assertEquals(2, history.epochs().size(), "epoch 1 is recorded with the batches that ran");
    assertFalse(history.lastEpochComplete());
    assertEquals(1, history.nextEpoch());
    assertEquals(1, history.completedEpochs().size());
    assertEquals(List.of(1, 1),
        stop.checkpoints.stream().map(TrainingCheckpoint::nextEpoch).toList());
    assertEquals(1, stop.checkpoints.get(1).history().size(), "only epoch 0 is in the checkpoint");
    TrainingCheckpoint checkpoint = first.checkpoint(history);
    assertEquals(1, checkpoint.nextEpoch());
    assertEquals(history.completedEpochs(), checkpoint.history());

    Path file = dir.resolve("stopped.lmf");
    checkpoint.save(file);
    TrainingCheckpoint loaded = TrainingCheckpoint.load(file);
    Trainer resumed = Trainer.builder().resumeFrom(loaded).loss(Losses.crossEntropy())
        .optimizer(new Sgd(0.1)).epochs(3).build();
    TrainingHistory all = resumed.fit(train);

    assertEquals(List.of(0, 1, 2), all.epochs().stream().map(EpochRecord::epoch).toList());
    assertTrue(all.lastEpochComplete());
  }

  @Test
  void aStopAtAnEpochsEndCompletesIt() {
    StopMidEpoch stop = new StopMidEpoch(1, 12);  // 200 samples in batches of 16: 13 batches
    Trainer trainer = trainer(Problems.smallNetwork(5)).epochs(4).listener(stop).build();

    TrainingHistory history = trainer.fit(train);

    assertTrue(history.lastEpochComplete());
    assertEquals(2, history.nextEpoch());
    assertEquals(2, trainer.checkpoint(history).nextEpoch());
    assertEquals(2, stop.checkpoints.get(1).nextEpoch());
  }
}
