package dev.lamina.training;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Locale;

/** Logs each epoch's metrics at INFO and how training ended. */
public final class LoggingListener implements TrainingListener {
  private static final Logger LOG = LoggerFactory.getLogger(LoggingListener.class);

  @Override
  public void onTrainingStart(TrainingContext context) {
    LOG.info("Training epochs {}..{} of {}, {} batches per epoch",
        context.startEpoch() + 1, context.epochs(), context.epochs(), context.batchesPerEpoch());
  }

  @Override
  public void onEpochEnd(TrainingContext context, EpochRecord record) {
    LOG.info("Epoch {}/{} - {}", record.epoch() + 1, context.epochs(), describe(record));
  }

  @Override
  public void onTrainingEnd(TrainingContext context, TrainingHistory history) {
    LOG.info("Training ended: {} ({} s)",
        history.stopReason(), context.elapsed().toMillis() / 1000.0);
  }

  @Override
  public void onTrainingFailed(TrainingContext context, RuntimeException failure) {
    LOG.error("Training failed in epoch {}: {}", context.epoch() + 1, failure.getMessage());
  }

  static String describe(EpochRecord r) {
    String s =
        String.format(Locale.ROOT, "loss %.4f - accuracy %.2f%%", r.loss(), 100 * r.accuracy());
    if (r.hasValidation()) {
      s += String.format(Locale.ROOT, " - val_loss %.4f - val_accuracy %.2f%%",
          r.validationLoss(), 100 * r.validationAccuracy());
    }
    return s + String.format(Locale.ROOT, " - %.2f s", r.seconds());
  }
}
