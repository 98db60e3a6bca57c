package dev.lamina.examples;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code lamina evaluate}: a saved model's accuracy, per-class accuracy and confusion matrix. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Evaluate a saved model on the test set (needs model files; not yet available).")
public final class EvaluateCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new CliFailure("evaluate needs model files, which this build does not have yet");
  }
}
