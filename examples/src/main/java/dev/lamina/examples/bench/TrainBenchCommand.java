package dev.lamina.examples.bench;

import dev.lamina.datasets.Dataset;
import dev.lamina.datasets.Split;
import dev.lamina.examples.Checks;
import dev.lamina.examples.DataOptions;
import dev.lamina.examples.JsonFiles;
import dev.lamina.examples.Models;
import dev.lamina.examples.OptimizerChoice;
import dev.lamina.examples.OutputFiles;
import dev.lamina.layers.Sequential;
import dev.lamina.tensor.compute.ComputeBackends;
import dev.lamina.tensor.compute.Parallel;
import dev.lamina.training.Trainer;
import dev.lamina.training.loss.Losses;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lamina bench train}: the PyTorch peer's workload ({@code torch_peer.py seedfull|lenet}).
 * Each repeat trains the network from fresh weights for one epoch over the whole training set
 * (the first repeat includes the JIT's warm-up, as a user sees it), then measures test accuracy
 * and inference speed over the test set in chunks of 1000 images. Repeat {@code r} (from 0) uses
 * seed {@code --seed + r}, so the median accuracy of several repeats is not one seed's luck.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Measure training and inference images/second on full MNIST, like the PyTorch "
        + "peer (seed: SGD lr 0.05; lenet: momentum 0.9, lr 0.05; one epoch per repeat)."})
final class TrainBenchCommand implements Callable<Integer> {
  private static final int INFERENCE_CHUNK = 1000;

  @Spec
  CommandSpec spec;

  @Option(names = "--model", paramLabel = "seed|lenet", defaultValue = "seed",
      description = "The network (default: ${DEFAULT-VALUE}).")
  String model;

  @Mixin
  DataOptions data;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64",
      description = "Images per update (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--threads", paramLabel = "N",
      description = "Worker threads (default: lamina.threads or the available processors).")
  Integer threads;

  @Option(names = "--repeats", paramLabel = "N", defaultValue = "1",
      description = "Epochs from fresh weights to time, the r-th (from 0) with seed --seed + r "
          + "(default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
      description = "Seed of the weights and the batch order of the first repeat "
          + "(default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--report", paramLabel = "FILE",
      description = "Also write the results as JSON.")
  Path report;

  @Override
  public Integer call() throws Exception {
    validate();
    OutputFiles.checkOutputs(spec.commandLine(), Collections.singletonMap("--report", report),
        data.inputFiles());
    ComputeBackends.warmUpInBackground();
    if (threads != null) {
      Parallel.setThreads(threads);
    }
    PrintWriter out = spec.commandLine().getOut();
    Dataset train = data.load(Split.TRAIN, null, "--train-size");
    Dataset test = data.load(Split.TEST, null, "--test-size");
    List<TrainBenchResult.Repeat> runs = new ArrayList<>();
    for (int r = 0; r < repeats; r++) {
      TrainBenchResult.Repeat run = runOnce(train, test, seed + r);
      out.println(run.line(model, r + 1, repeats));
      out.flush();
      runs.add(run);
    }
    TrainBenchResult result = TrainBenchResult.of(model.toLowerCase(Locale.ROOT), batchSize,
        Parallel.threads(), ComputeBackends.current().name(), train.size(), test.size(), runs);
    out.println(result.summary());
    out.flush();
    if (report != null) {
      JsonFiles.write("--report", report, result);
    }
    return 0;
  }

  private TrainBenchResult.Repeat runOnce(Dataset train, Dataset test, long seed) {
    Sequential network = Models.byName(model, seed);
    boolean lenet = model.equalsIgnoreCase("lenet");
    Trainer trainer = Trainer.builder()
        .model(network)
        .loss(Losses.crossEntropy())
        .optimizer((lenet ? OptimizerChoice.MOMENTUM : OptimizerChoice.SGD).create(0.05))
        .batchSize(batchSize)
        .epochs(1)
        .seed(seed)
        .build();
    long start = System.nanoTime();
    trainer.fit(train);
    double trainSeconds = (System.nanoTime() - start) / 1e9;
    double accuracy = trainer.evaluate(test).accuracy();
    start = System.nanoTime();
    for (int from = 0; from < test.size(); from += INFERENCE_CHUNK) {
      network.predict(test.subset(from, Math.min(test.size(), from + INFERENCE_CHUNK)).features());
    }
    double inferenceSeconds = (System.nanoTime() - start) / 1e9;
    return new TrainBenchResult.Repeat(seed, train.size() / trainSeconds,
        test.size() / inferenceSeconds, accuracy, trainSeconds);
  }

  private void validate() {
    Checks.model(spec, "--model", model);
    Checks.positive(spec, "--batch-size", batchSize);
    Checks.threads(spec, "--threads", threads);
    Checks.positive(spec, "--repeats", repeats);
  }

}
