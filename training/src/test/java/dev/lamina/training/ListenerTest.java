package dev.lamina.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.same;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import dev.lamina.datasets.Dataset;
import dev.lamina.layers.Sequential;
import dev.lamina.training.loss.Losses;
import dev.lamina.training.optim.Sgd;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class ListenerTest {
  private final Dataset train = Problems.separable(100, 1);
  private final Dataset validation = Problems.separable(50, 2);

  private static Trainer.Builder trainer(Sequential model) {
    return Trainer.builder().model(model).loss(Losses.crossEntropy()).optimizer(new Sgd(0.1))
        .seed(3);
  }

  @Test
  void hooksAreCalledInOrderOncePerEpochAndBatch() {
    TrainingListener listener = mock(TrainingListener.class);
    trainer(Problems.smallNetwork(1)).batchSize(40).epochs(2).listener(listener).build()
        .fit(train, validation);
    InOrder order = inOrder(listener);
    order.verify(listener).onTrainingStart(any());
    for (int e = 0; e < 2; e++) {
      order.verify(listener).onEpochStart(any());
      order.verify(listener, times(3)).onBatchEnd(any());
      order.verify(listener).onEpochEnd(any(), any());
    }
    order.verify(listener).onTrainingEnd(any(), any());
    verifyNoMoreInteractions(listener);
  }

  @Test
  void listenersSeeProgress() {
    TrainingListener listener = new TrainingListener() {
      private int batches;

      @Override
      public void onEpochStart(TrainingContext c) {
        assertEquals(-1, c.batch());
        batches = 0;
      }

      @Override
      public void onBatchEnd(TrainingContext c) {
        assertEquals(batches++, c.batch());
        assertEquals(3, c.batchesPerEpoch());
        assertTrue(c.batchLoss() > 0 && c.epochAccuracy() >= 0 && c.epochAccuracy() <= 1);
        assertFalse(c.elapsed().isNegative());
      }

      @Override
      public void onEpochEnd(TrainingContext c, EpochRecord record) {
        assertEquals(c.epoch(), record.epoch());
        assertEquals(c.epoch() + 1, c.history().size());
        assertSame(record, c.history().get(c.epoch()));
        assertEquals(c.epochLoss(), record.loss());
        assertTrue(record.hasValidation() && c.hasValidation());
      }
    };
    trainer(Problems.smallNetwork(1)).batchSize(40).epochs(2).listener(listener).build()
        .fit(train, validation);
  }

  @Test
  void aListenerReadsTheValidationEvaluationOfTheEpochThatEnded() {
    List<long[][]> seen = new ArrayList<>();
    List<long[][]> evaluatedAgain = new ArrayList<>();
    TrainingListener listener = new TrainingListener() {
      @Override
      public void onEpochStart(TrainingContext c) {
        assertTrue(c.validation().isEmpty(), "none while an epoch runs");
      }

      @Override
      public void onEpochEnd(TrainingContext c, EpochRecord record) {
        Evaluation v = c.validation().orElseThrow();
        assertEquals(record.validationLoss(), v.loss());
        assertEquals(record.validationAccuracy(), v.accuracy());
        seen.add(v.confusionMatrix());
        evaluatedAgain.add(Evaluator.evaluate(c.model(), Losses.crossEntropy(), validation)
            .confusionMatrix());
      }
    };
    trainer(Problems.smallNetwork(1)).batchSize(40).epochs(2).listener(listener).build()
        .fit(train, validation);

    assertEquals(2, seen.size());
    for (int e = 0; e < 2; e++) {
      assertArrayEquals(evaluatedAgain.get(e), seen.get(e));
      assertEquals(validation.size(),
          Arrays.stream(seen.get(e)).flatMapToLong(Arrays::stream).sum());
    }
  }

  @Test
  void withoutAValidationSetThereIsNoValidationEvaluation() {
    List<Boolean> present = new ArrayList<>();
    TrainingListener listener = new TrainingListener() {
      @Override
      public void onEpochEnd(TrainingContext c, EpochRecord record) {
        present.add(c.validation().isPresent());
      }
    };
    trainer(Problems.smallNetwork(1)).batchSize(40).epochs(1).listener(listener).build()
        .fit(train);

    assertEquals(List.of(false), present);
  }

  @Test
  void earlyStoppingEndsTrainingWithAReasonAndTheBestEpoch() {
    TrainingListener listener = mock(TrainingListener.class);
    EarlyStopping stopping =
        EarlyStopping.builder().monitor(Metric.LOSS).patience(2).minDelta(1e9).build();
    TrainingHistory history = trainer(Problems.smallNetwork(1)).batchSize(40).epochs(10)
        .listener(stopping).listener(listener).build().fit(train);

    assertTrue(history.stoppedEarly());
    assertEquals(3, history.epochs().size(), "best epoch 1, then 2 epochs without improvement");
    assertEquals(OptionalInt.of(0), history.bestEpoch());
    assertEquals(0, stopping.bestEpoch());
    assertTrue(history.stopReason().startsWith("early stopping: loss did not improve"),
        history.stopReason());
    assertTrue(history.stopReason().contains("for 2 epochs")
        && history.stopReason().contains("in epoch 1"), history.stopReason());

    InOrder order = inOrder(listener);
    order.verify(listener).onTrainingStart(any());
    for (int e = 0; e < 3; e++) {
      order.verify(listener).onEpochStart(any());
      order.verify(listener, times(3)).onBatchEnd(any());
      order.verify(listener).onEpochEnd(any(), any());
    }
    order.verify(listener).onTrainingEnd(any(), same(history));
    verifyNoMoreInteractions(listener);
  }

  @Test
  void earlyStoppingRestoresTheBestWeights() {
    Sequential model = Problems.smallNetwork(1);
    float[][] afterFirstEpoch = new float[1][];
    TrainingListener snapshot = new TrainingListener() {
      @Override
      public void onEpochEnd(TrainingContext c, EpochRecord record) {
        if (record.epoch() == 0) {
          afterFirstEpoch[0] = Problems.weights(c.model());
        }
      }
    };
    EarlyStopping stopping = EarlyStopping.builder().monitor(Metric.VALIDATION_ACCURACY)
        .patience(1).minDelta(2).restoreBestWeights(true).build();
    TrainingHistory history = trainer(model).batchSize(40).epochs(5).listener(snapshot)
        .listener(stopping).build().fit(train, validation);
    assertEquals(2, history.epochs().size());
    assertArrayEquals(afterFirstEpoch[0], Problems.weights(model));
  }

  @Test
  void earlyStoppingOnAValidationMetricNeedsAValidationSet() {
    EarlyStopping stopping = EarlyStopping.builder().build();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> trainer(Problems.smallNetwork(1)).batchSize(40).epochs(2).listener(stopping).build()
            .fit(train));
    assertTrue(e.getMessage().contains("val_loss"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> EarlyStopping.builder().patience(0).build());
  }

  @Test
  void aListenersExceptionPropagatesAndOtherListenersHearOfIt() {
    TrainingListener failing = mock(TrainingListener.class);
    TrainingListener other = mock(TrainingListener.class);
    IllegalStateException boom = new IllegalStateException("boom");
    doThrow(boom).when(failing).onEpochEnd(any(), any());
    doThrow(new IllegalArgumentException("cleanup")).when(other).onTrainingFailed(any(), any());

    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> trainer(Problems.smallNetwork(1)).batchSize(40).epochs(3).listener(failing)
            .listener(other).build().fit(train));
    assertSame(boom, thrown);
    assertEquals("cleanup", thrown.getSuppressed()[0].getMessage());
    verify(other).onTrainingFailed(any(), same(boom));
    verify(other, never()).onEpochEnd(any(), any());
    verify(other, never()).onTrainingEnd(any(), any());
  }

  /** A throw from onTrainingEnd once skipped every onTrainingFailed (a progress bar's close). */
  @Test
  void aListenerThatFailsAtTheEndStillHasEveryListenerHearOfIt() {
    TrainingListener failing = mock(TrainingListener.class);
    TrainingListener other = mock(TrainingListener.class);
    IllegalStateException boom = new IllegalStateException("boom");
    doThrow(boom).when(failing).onTrainingEnd(any(), any());

    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> trainer(Problems.smallNetwork(1)).batchSize(40).epochs(1).listener(failing)
            .listener(other).build().fit(train));

    assertSame(boom, thrown);
    verify(failing).onTrainingFailed(any(), same(boom));
    verify(other).onTrainingFailed(any(), same(boom));
    verify(other, never()).onTrainingEnd(any(), any());
  }

  /** A stop asked for in onEpochStart once ended that epoch after its first batch. */
  @Test
  void aStopAskedForAsAnEpochStartsEndsTrainingAfterThatEpoch() {
    TrainingListener stopper = new TrainingListener() {
      @Override
      public void onEpochStart(TrainingContext c) {
        if (c.epoch() == 1) {
          c.requestStop("after this one");
        }
      }
    };
    TrainingListener listener = mock(TrainingListener.class);

    TrainingHistory h = trainer(Problems.smallNetwork(1)).batchSize(40).epochs(5)
        .listener(stopper).listener(listener).build().fit(train);

    assertEquals(2, h.epochs().size());
    assertEquals("after this one", h.stopReason());
    assertTrue(h.lastEpochComplete());
    verify(listener, times(2 * 3)).onBatchEnd(any()); // 100 samples in batches of 40
  }

  @Test
  void aListenerMayStopTrainingMidEpoch() {
    TrainingListener stopper = new TrainingListener() {
      @Override
      public void onBatchEnd(TrainingContext c) {
        if (c.epoch() == 1 && c.batch() == 0) {
          c.requestStop("enough");
        }
      }
    };
    TrainingListener listener = mock(TrainingListener.class);
    TrainingHistory h = trainer(Problems.smallNetwork(1)).batchSize(40).epochs(5).listener(stopper)
        .listener(listener).build().fit(train);
    assertEquals(2, h.epochs().size());
    assertEquals("enough", h.stopReason());
    verify(listener, times(4)).onBatchEnd(any());
    verify(listener, times(2)).onEpochEnd(any(), any());
  }

  @Test
  void theProgressBarDrawsMiniBatchEpochsOnlyWhenEnabled() {
    RecordingConsumer drawn = new RecordingConsumer();
    trainer(Problems.smallNetwork(1)).batchSize(40).epochs(2)
        .listener(new ProgressBarListener(true, drawn)).build().fit(train);
    assertTrue(drawn.text.toString().contains("Epoch 2/2"), drawn.text.toString());
    assertTrue(drawn.text.toString().contains("loss"), drawn.text.toString());

    RecordingConsumer quiet = new RecordingConsumer();
    trainer(Problems.smallNetwork(1)).batchSize(40).epochs(2)
        .listener(new ProgressBarListener(false, quiet)).build().fit(train);
    trainer(Problems.smallNetwork(1)).fullBatch().epochs(2)
        .listener(new ProgressBarListener(true, quiet)).build().fit(train);
    assertEquals("", quiet.text.toString());
  }

  @Test
  void thereIsNoTerminalUnderTheTestRunner() {
    assertFalse(ProgressBarListener.onTerminal());
  }

  @Test
  void theLoggingListenerDescribesAnEpoch() {
    String line = LoggingListener.describe(new EpochRecord(0, 0.25, 0.5, 0.125, 0.75, 1.5));
    assertEquals(
        "loss 0.2500 - accuracy 50.00% - val_loss 0.1250 - val_accuracy 75.00% - 1.50 s", line);
    trainer(Problems.smallNetwork(1)).batchSize(40).epochs(1).listener(TrainingListener.logging())
        .build().fit(train, validation);
  }

  /** Collects what a progress bar draws. */
  private static final class RecordingConsumer
      implements me.tongfei.progressbar.ProgressBarConsumer {
    final StringBuilder text = new StringBuilder();

    @Override
    public int getMaxRenderedLength() {
      return 120;
    }

    @Override
    public synchronized void accept(String rendered) {
      text.append(rendered).append('\n');
    }

    @Override
    public void close() {}
  }
}
