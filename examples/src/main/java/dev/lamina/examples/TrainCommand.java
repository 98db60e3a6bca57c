package dev.lamina.examples;

import dev.lamina.datasets.Dataset;
import dev.lamina.datasets.Split;
import dev.lamina.layers.Sequential;
import dev.lamina.tensor.compute.ComputeBackends;
import dev.lamina.tensor.compute.Parallel;
import dev.lamina.training.Evaluation;
import dev.lamina.training.Trainer;
import dev.lamina.training.TrainingHistory;
import dev.lamina.training.TrainingListener;
import dev.lamina.training.loss.Losses;
import dev.lamina.training.io.ModelFiles;
import dev.lamina.training.optim.LearningRateSchedule;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lamina train}: trains a model on MNIST-style data and reports its test accuracy. Without
 * options it replays the seed notebook: its network, the first 500 training and 100 test images,
 * full-batch SGD with learning rate 0.1 for 25 epochs, seed 42, printing the notebook's lines.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Train a model and report its test accuracy.",
        "Without options: the seed notebook's run (its network, 500 training and 100 test "
            + "images of MNIST, full-batch SGD, lr 0.1, 25 epochs, seed 42)."})
public final class TrainCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--model", paramLabel = "seed|lenet", defaultValue = "seed",
      description = "The network: seed (the notebook's conv 4x3x3, dense 64, dense 10) or lenet "
          + "(conv 20x5x5, pool, conv 50x5x5, pool, dense 500, dense 10). "
          + "Default: ${DEFAULT-VALUE}.")
  private String model;

  @Mixin
  private DataOptions data;

  @Option(names = "--train-size", paramLabel = "N", defaultValue = "500",
      description = "Train on the first N training images. Default: ${DEFAULT-VALUE}.")
  private int trainSize;

  @Option(names = "--test-size", paramLabel = "N", defaultValue = "100",
      description = "Test on the first N test images. Default: ${DEFAULT-VALUE}.")
  private int testSize;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "25",
      description = "Passes over the training images. Default: ${DEFAULT-VALUE}.")
  private int epochs;

  @Option(names = "--batch-size", paramLabel = "N|full", defaultValue = "full",
      converter = BatchSizeConverter.class,
      description = "Images per update, or full for one update per epoch over all of them "
          + "(mini-batches are reshuffled every epoch). Default: ${DEFAULT-VALUE}.")
  private int batchSize;

  @Option(names = "--optimizer", paramLabel = "sgd|momentum|adam", defaultValue = "sgd",
      description = "sgd, momentum (SGD with momentum 0.9) or adam. Default: ${DEFAULT-VALUE}.")
  private OptimizerChoice optimizer;

  @Option(names = "--lr", paramLabel = "X", defaultValue = "0.1",
      description = "The learning rate. Default: ${DEFAULT-VALUE}.")
  private double lr;

  @Option(names = "--lr-decay", paramLabel = "G",
      description = "Multiply the learning rate by G after every epoch, in (0, 1] "
          + "(1: constant; like PyTorch's StepLR with step 1). "
          + "Default: the model's recipe, 1 for seed, 0.7 for lenet.")
  private Double lrDecay;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "Seed of the initial weights and of the mini-batch order. "
          + "Default: ${DEFAULT-VALUE}.")
  private long seed;

  @Option(names = "--threads", paramLabel = "N",
      description = "Worker threads (results are identical for any number). "
          + "Default: -Dlamina.threads, else one per core.")
  private Integer threads;

  @Option(names = "--save", paramLabel = "FILE",
      description = "Save the trained model (for evaluate and predict). Default: none.")
  private Path save;

  @Option(names = "--report", paramLabel = "FILE.json",
      description = "Write the configuration, per-epoch metrics, timings and test accuracy "
          + "as JSON. Default: none.")
  private Path report;

  @Option(names = "--plot", paramLabel = "FILE.png",
      description = "Write a PNG chart of loss and accuracy per epoch. Default: none.")
  private Path plot;

  @Override
  public Integer call() {
    validate();
    checkOutputsWritable();
    ComputeBackends.warmUpInBackground();
    Dataset train = data.load(Split.TRAIN, trainSize, "--train-size");
    Dataset test = data.load(Split.TEST, testSize, "--test-size");
    Sequential network = Models.byName(model, seed);
    PrintWriter out = spec.commandLine().getOut();
    out.println(network.summary());
    out.println("CNN Initialized. Output Classes: " + network.outputShape().dim(0));
    out.flush();

    Trainer trainer = trainer(network, out);
    long start = System.nanoTime();
    TrainingHistory history = trainer.fit(train);
    double trainSeconds = (System.nanoTime() - start) / 1e9;
    start = System.nanoTime();
    Evaluation evaluation = trainer.evaluate(test);
    double inferenceSeconds = (System.nanoTime() - start) / 1e9;
    out.printf(Locale.ROOT, "Test Accuracy: %.2f%%%n", 100 * evaluation.accuracy());
    out.flush();

    if (save != null) {
      save(network);
    }
    if (report != null) {
      JsonFiles.write("--report", report, new TrainReport(model, data.name(), train.size(),
          test.size(), Parallel.threads(), ComputeBackends.current().name(),
          TrainReport.epochs(history), trainSeconds,
          (double) train.size() * history.epochs().size() / trainSeconds, evaluation.accuracy(),
          test.size() / inferenceSeconds));
    }
    if (plot != null) {
      TrainingPlot.write("--plot", plot, history,
          model + " on " + data.name() + ", " + train.size() + " images");
    }
    return 0;
  }

  /**
   * Fails before any work when an output file given cannot be written, or would overwrite another
   * output or a data file (see OutputFiles).
   */
  private void checkOutputsWritable() {
    Map<String, Path> outputs = new LinkedHashMap<>();
    outputs.put("--save", save);
    outputs.put("--report", report);
    outputs.put("--plot", plot);
    OutputFiles.checkOutputs(spec.commandLine(), outputs, data.inputFiles());
  }

  private void save(Sequential network) {
    OutputFiles.writeFor("--save", save,
        () -> ModelFiles.save(network, save, ExampleLayers.registry()));
  }

  private Trainer trainer(Sequential network, PrintWriter out) {
    Trainer.Builder b = Trainer.builder()
        .model(network)
        .loss(Losses.crossEntropy())
        .optimizer(optimizer.create(LearningRateSchedule.exponential(lr, learningRateDecay())))
        .epochs(epochs)
        .seed(seed)
        .listener(TrainingListener.progressBar())
        .listener(new EpochLinesListener(out));
    if (threads != null) {
      b.threads(threads);
    }
    return (batchSize == BatchSizeConverter.FULL ? b.fullBatch() : b.batchSize(batchSize)).build();
  }

  private double learningRateDecay() {
    return lrDecay != null ? lrDecay : Models.learningRateDecay(model);
  }

  private void validate() {
    Checks.positive(spec, "--train-size", trainSize);
    Checks.positive(spec, "--test-size", testSize);
    Checks.positive(spec, "--epochs", epochs);
    Checks.threads(spec, "--threads", threads);
    Checks.positiveNumber(spec, "--lr", lr);
    if (lrDecay != null && !(lrDecay > 0 && lrDecay <= 1)) {
      throw new ParameterException(
          spec.commandLine(), "--lr-decay must be in (0, 1], got " + lrDecay);
    }
    Checks.model(spec, "--model", model);
  }
}
