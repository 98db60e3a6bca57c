import dev.lamina.datasets.Dataset;
import dev.lamina.datasets.IdxDatasets;
import dev.lamina.datasets.MnistDatasets;
import dev.lamina.datasets.Split;
import dev.lamina.examples.Models;
import dev.lamina.layers.Parameter;
import dev.lamina.layers.Sequential;
import dev.lamina.training.Trainer;
import dev.lamina.training.loss.Losses;
import dev.lamina.training.optim.Sgd;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The seed network trained for one epoch (SGD lr 0.05, batch 64) from PyTorch's own initial
 * weights and in PyTorch's own batch order, so that the two frameworks' accuracies can be compared
 * seed by seed with the random draws taken out. {@code bench/same_start.py} writes, per seed, a
 * directory with the weights and biases the peer's {@code seed_net()} draws, the batch order of
 * its epoch, and PyTorch's accuracy from that start.
 *
 * <p>Run by {@code bench/same_start.sh}; by hand, {@code bench/harness/run.sh SameStart -Ddir=DIR
 * [-Dmnist=IDX_DIR]}. Prints one line per seed directory: seed, Lamina's test accuracy,
 * PyTorch's.
 */
public class SameStart {
  public static void main(String[] args) throws Exception {
    String dirProperty = System.getProperty("dir");
    if (dirProperty == null) {
      System.err.println("SameStart: name the folder bench/same_start.py wrote: -Ddir=DIR");
      System.exit(2);
    }
    Dataset train = mnist(Split.TRAIN);
    Dataset test = mnist(Split.TEST);
    List<Path> seeds;
    try (var listing = Files.list(Path.of(dirProperty))) {
      seeds = listing.filter(d -> Files.exists(d.resolve("torch_acc")))
          .sorted(Comparator.comparingLong(d -> Long.parseLong(d.getFileName().toString())))
          .toList();
    }
    for (Path d : seeds) {
      Sequential net = Models.seed(0);
      List<Parameter> p = net.parameters(); // kernel and bias of the conv, then of each Dense
      String[] files = {"conv_w", "conv_b", "fc1_w", "fc1_b", "fc2_w", "fc2_b"};
      for (int i = 0; i < files.length; i++) {
        load(d.resolve(files[i]), p.get(i));
      }
      Trainer trainer = Trainer.builder()
          .model(net)
          .loss(Losses.crossEntropy())
          .optimizer(new Sgd(0.05))
          .batchSize(64)
          .epochs(1)
          .shuffle(false)
          .build();
      trainer.fit(train.select(ints(d.resolve("order"))));
      double lamina = 100 * trainer.evaluate(test).accuracy();
      System.out.printf(Locale.ROOT, "%s %.2f %s%n", d.getFileName(), lamina,
          Files.readString(d.resolve("torch_acc")).trim());
    }
  }

  /** MNIST as {@code ./lamina} finds it (verified), or from the IDX files in -Dmnist=DIR. */
  private static Dataset mnist(Split split) throws IOException {
    String dir = System.getProperty("mnist");
    if (dir == null) {
      return MnistDatasets.mnist().load(split);
    }
    String prefix = split == Split.TRAIN ? "train" : "t10k";
    return IdxDatasets.read(Path.of(dir, prefix + "-images-idx3-ubyte"),
        Path.of(dir, prefix + "-labels-idx1-ubyte"), 10);
  }

  /**
   * Overwrites {@code target}'s values with a file of little-endian floats of its size. The sizes
   * of the six parameters all differ, so a file given to the wrong one fails here.
   */
  private static void load(Path file, Parameter target) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    if (b.remaining() != 4 * target.size()) {
      throw new IllegalStateException(file + ": " + b.remaining() / 4 + " floats for "
          + target.shape());
    }
    for (int i = 0; i < target.size(); i++) {
      target.value().setFlat(i, b.getFloat());
    }
  }

  private static int[] ints(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int[] v = new int[b.remaining() / 4];
    for (int i = 0; i < v.length; i++) {
      v[i] = b.getInt();
    }
    return v;
  }
}
