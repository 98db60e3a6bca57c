package dev.lamina.examples;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code lamina predict}: the class of one image. */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Predict the class of an image with a saved model (needs model files; not yet available).")
public final class PredictCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new CliFailure("predict needs model files, which this build does not have yet");
  }
}
