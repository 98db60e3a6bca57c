package dev.lamina.benchmarks;

import dev.lamina.datasets.ArrayDataset;
import dev.lamina.datasets.Dataset;
import dev.lamina.examples.Models;
import dev.lamina.layers.Sequential;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.training.Trainer;
import dev.lamina.training.loss.Losses;
import dev.lamina.training.optim.Sgd;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two networks of {@code lamina bench train} (the notebook's and LeNet), as that command
 * trains them: {@link #trainTenBatches} is ten mini-batch steps of 64 images through the
 * {@link Trainer} (forward, the fused softmax and cross-entropy, backward, the optimizer), so
 * images per second = 640 / time; {@link #predictThousand} is {@code predict} on 1,000 images,
 * the chunk {@code bench train} infers in. The images are MNIST-like random pixels with random
 * labels, and the network keeps training on them from call to call (it soon memorises them): the
 * kernels take the same time whatever the values, as long as they stay finite and normal, which
 * they did over a whole default run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class TrainingBenchmark {
  private static final int BATCH = 64;
  private static final int STEPS = 10;

  /** {@code seed} or {@code lenet}, as in {@code lamina bench train --model}. */
  @Param({"seed", "lenet"})
  public String model;

  private Trainer trainer;
  private Dataset batches;
  private Sequential network;
  private Tensor thousand;

  @Setup
  public void setUp() {
    Inputs.requireVectorKernels();
    SplittableRandom random = new SplittableRandom(1);
    Shape image = Models.MNIST_INPUT;
    Tensor features = Tensor.wrap(image.prepend(STEPS * BATCH),
        Inputs.pixels(random, STEPS * BATCH * image.size()), 0);
    batches = new ArrayDataset(features, Inputs.labels(random, STEPS * BATCH, 10), 10);
    thousand = Tensor.wrap(image.prepend(1000), Inputs.pixels(random, 1000 * image.size()), 0);
    network = Models.byName(model, 42);
    trainer = Trainer.builder()
        .model(network)
        .loss(Losses.crossEntropy())
        .optimizer(Sgd.builder().learningRate(0.05)
            .momentum(model.equals("lenet") ? 0.9 : 0).build())
        .batchSize(BATCH)
        .epochs(1)
        .build();
  }

  /** Ten training steps of 64 images (one epoch over 640 images, shuffled as in training). */
  @Benchmark
  public Object trainTenBatches() {
    return trainer.fit(batches);
  }

  /** Inference on 1,000 images. */
  @Benchmark
  public Tensor predictThousand() {
    return network.predict(thousand);
  }
}
