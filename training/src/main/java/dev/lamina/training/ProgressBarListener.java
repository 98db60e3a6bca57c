package dev.lamina.training;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * A console progress bar (me.tongfei:progressbar) per mini-batch epoch, showing the running loss
 * and accuracy. It draws only when the JVM is attached to a terminal, and never in full-batch mode
 * (one batch per epoch); otherwise it does nothing. This listener is the only way the training
 * module writes to the terminal, and only when the user adds it.
 */
public final class ProgressBarListener implements TrainingListener {
  private final boolean enabled;
  private final ProgressBarConsumer consumer;
  private ProgressBar bar;

  /** A bar on the terminal's standard error, when there is a terminal. */
  public ProgressBarListener() {
    this(onTerminal(), null);
  }

  /** A bar written to {@code consumer} (null: the library's default), drawn only when enabled. */
  ProgressBarListener(boolean enabled, ProgressBarConsumer consumer) {
    this.enabled = enabled;
    this.consumer = consumer;
  }

  @Override
  public void onEpochStart(TrainingContext context) {
    if (!enabled || context.batchesPerEpoch() < 2) {
      return;
    }
    ProgressBarBuilder builder = new ProgressBarBuilder()
        .setTaskName(
            String.format(Locale.ROOT, "Epoch %d/%d", context.epoch() + 1, context.epochs()))
        .setInitialMax(context.batchesPerEpoch())
        .setUpdateIntervalMillis(250);
    if (consumer != null) {
      builder.setConsumer(consumer);
    }
    bar = builder.build();
  }

  @Override
  public void onBatchEnd(TrainingContext context) {
    if (bar != null) {
      bar.step();
      bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f acc %.2f%%",
          context.epochLoss(), 100 * context.epochAccuracy()));
    }
  }

  @Override
  public void onEpochEnd(TrainingContext context, EpochRecord record) {
    close();
  }

  @Override
  public void onTrainingFailed(TrainingContext context, RuntimeException failure) {
    close();
  }

  private void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  /**
   * Whether standard streams are a terminal: {@code System.console()} is non-null and, on JDK 22+
   * (where a console exists even when redirected), {@code Console.isTerminal()} says so.
   */
  static boolean onTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }
}
