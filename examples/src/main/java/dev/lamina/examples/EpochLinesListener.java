package dev.lamina.examples;

import dev.lamina.training.EpochRecord;
import dev.lamina.training.TrainingContext;
import dev.lamina.training.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Prints each epoch in the seed notebook's format:
 * {@code Epoch 1: Loss = 2.3651, Accuracy = 10.80%}.
 */
public final class EpochLinesListener implements TrainingListener {
  private final PrintWriter out;

  /** Prints to {@code out}, flushing after every line. */
  public EpochLinesListener(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void onEpochEnd(TrainingContext context, EpochRecord record) {
    out.println(line(record));
    out.flush();
  }

  /** The notebook's line for {@code record} (epochs counted from 1). */
  public static String line(EpochRecord record) {
    return String.format(Locale.ROOT, "Epoch %d: Loss = %.4f, Accuracy = %.2f%%",
        record.epoch() + 1, record.loss(), 100 * record.accuracy());
  }
}
