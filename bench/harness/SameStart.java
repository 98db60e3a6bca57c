import dev.lamina.datasets.Dataset;
import dev.lamina.datasets.IdxDatasets;
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
import java.util.List;
import java.util.Locale;

/**
 * The seed network trained for one epoch (SGD lr 0.05, batch 64) from PyTorch's own initial
 * weights and in PyTorch's own batch order, so that the two frameworks' accuracies can be compared
 * seed by seed with the random draws taken out. {@code bench/same_start.py} writes, per seed, a
 * directory with the weights the peer's {@code seed_net()} draws (its biases are zero, as are
 * Lamina's), the permutation of its first epoch, and PyTorch's accuracy from that start.
 *
 * <p>Run by {@code bench/same_start.sh}; by hand, {@code bench/harness/run.sh SameStart -Ddir=DIR
 * [-Dmnist=MNIST_DIR]}. Prints one line per seed directory: seed, Lamina's test accuracy,
 * PyTorch's.
 */
public class SameStart {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(System.getProperty("dir", "/tmp/same/data"));
    Path mnist = Path.of(System.getProperty("mnist",
        System.getProperty("user.home") + "/.cache/lamina/datasets/mnist"));
    Dataset train = IdxDatasets.read(mnist.resolve("train-images-idx3-ubyte"),
        mnist.resolve("train-labels-idx1-ubyte"), 10);
    Dataset test = IdxDatasets.read(mnist.resolve("t10k-images-idx3-ubyte"),
        mnist.resolve("t10k-labels-idx1-ubyte"), 10);
    try (var seeds = Files.list(dir)) {
      for (Path d : seeds.sorted().toList()) {
        if (!Files.exists(d.resolve("torch_acc"))) {
          continue;
        }
        Sequential net = Models.seed(0);
        List<Parameter> p = net.parameters(); // conv kernel, bias, dense kernel, bias, ...
        load(d.resolve("conv_w"), p.get(0));
        load(d.resolve("fc1_w"), p.get(2));
        load(d.resolve("fc2_w"), p.get(4));
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
  }

  /** Overwrites {@code target}'s values with a file of little-endian floats of its size. */
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
