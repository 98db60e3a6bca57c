package dev.lamina.examples;

import dev.lamina.datasets.Dataset;
import dev.lamina.datasets.Split;
import dev.lamina.layers.Sequential;
import dev.lamina.tensor.compute.ComputeBackends;
import dev.lamina.tensor.compute.Parallel;
import dev.lamina.training.Evaluation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lamina evaluate}: a saved model's test accuracy, per-class accuracy and confusion matrix.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Measure a saved model on the test set: "
        + "accuracy, per-class accuracy, confusion matrix.")
public final class EvaluateCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Mixin
  private ModelFileOption modelFile;

  @Mixin
  private DataOptions data;

  @Option(names = "--test-size", paramLabel = "N",
      description = "Evaluate the first N test images. Default: all of them (10000 for MNIST).")
  private Integer testSize;

  @Option(names = "--report", paramLabel = "FILE.json",
      description = "Write dataset, testSize, threads, backend, testAccuracy, "
          + "inferenceImagesPerSecond, perClassAccuracy and confusionMatrix as JSON. "
          + "Default: none.")
  private Path report;

  @Override
  public Integer call() {
    Checks.positive(spec, "--test-size", testSize);
    Map<String, Path> inputs = new LinkedHashMap<>();
    inputs.put("--model-file", modelFile.file());
    inputs.putAll(data.inputFiles());
    OutputFiles.checkOutputs(spec.commandLine(), Collections.singletonMap("--report", report),
        inputs);
    ComputeBackends.warmUpInBackground();
    Sequential model = modelFile.load();
    Dataset test = data.load(Split.TEST, testSize, "--test-size");
    modelFile.checkFits(
        model, test.sampleShape(), test.classes(), "the test set of " + data.name());
    long start = System.nanoTime();
    Evaluation evaluation;
    try {
      evaluation = Evaluations.of(model, test);
    } catch (OutOfMemoryError e) {
      throw new CliFailure("--model-file " + modelFile.file() + ": " + CliErrors.outOfHeap(e)
          + " evaluating the model on " + test.size() + " images: " + CliErrors.moreHeap(), e);
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "Test Accuracy: %.2f%% (%d images)%n%n",
        100 * evaluation.accuracy(), test.size());
    EvaluationTables.perClass(evaluation, out);
    out.println();
    EvaluationTables.confusion(evaluation, out);
    out.flush();
    if (report != null) {
      Double[] perClass = Arrays.stream(evaluation.perClassAccuracy())
          .mapToObj(a -> Double.isNaN(a) ? null : a).toArray(Double[]::new);
      JsonFiles.write("--report", report, new EvaluateReport(data.name(), test.size(),
          Parallel.threads(), ComputeBackends.current().name(), evaluation.accuracy(),
          test.size() / seconds, perClass, evaluation.confusionMatrix()));
    }
    return 0;
  }
}
