package dev.lamina.examples;

import dev.lamina.layers.Conv2D;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.MaxPool2D;
import dev.lamina.layers.ReLU;
import dev.lamina.layers.Sequential;
import dev.lamina.layers.Softmax;
import dev.lamina.layers.WeightInit;
import dev.lamina.tensor.Shape;
import java.util.List;
import java.util.Locale;

/** The networks the command line trains, for {@code [1, 28, 28]} images and 10 classes. */
public final class Models {
  /** The per-sample input shape of every model here: one 28x28 grey channel. */
  public static final Shape MNIST_INPUT = Shape.of(1, 28, 28);

  /** The names {@link #byName} knows. */
  public static final List<String> NAMES = List.of("seed", "lenet");

  private Models() {}

  /**
   * The seed notebook's network: conv 4 filters 3x3 without activation, flatten, dense 64, ReLU,
   * dense 10, softmax; weights N(0, 0.1²), biases 0 (173,810 parameters).
   */
  public static Sequential seed(long seed) {
    return Sequential.builder(MNIST_INPUT)
        .add(Conv2D.builder(4).kernel(3).weightInit(WeightInit.NOTEBOOK_NORMAL).build())
        .add(new Flatten())
        .add(Dense.builder(64).weightInit(WeightInit.NOTEBOOK_NORMAL).build())
        .add(new ReLU())
        .add(Dense.builder(10).weightInit(WeightInit.NOTEBOOK_NORMAL).build())
        .add(new Softmax())
        .seed(seed)
        .build();
  }

  /**
   * LeNet as in Caffe's MNIST example: conv 20x5x5 ReLU, max-pool 2, conv 50x5x5 ReLU, max-pool 2,
   * flatten, dense 500 ReLU, dense 10 softmax; He weights, zero biases (431,080 parameters).
   */
  public static Sequential lenet(long seed) {
    return Sequential.builder(MNIST_INPUT)
        .add(new Conv2D(20, 5))
        .add(new ReLU())
        .add(new MaxPool2D(2))
        .add(new Conv2D(50, 5))
        .add(new ReLU())
        .add(new MaxPool2D(2))
        .add(new Flatten())
        .add(new Dense(500))
        .add(new ReLU())
        .add(new Dense(10))
        .add(new Softmax())
        .seed(seed)
        .build();
  }

  /**
   * The factor the learning rate is multiplied by after every epoch in a model's recipe (what
   * {@code lamina train --lr-decay} defaults to): 1 (constant) for the seed network, as the
   * notebook trains it; 0.7 for LeNet, the per-epoch decay of PyTorch's MNIST example
   * ({@code StepLR(step_size=1, gamma=0.7)}). With momentum 0.9 and lr 0.05, three epochs of LeNet
   * reached 98.80% test accuracy at a constant rate and 99.13-99.19% with this decay (seed 42).
   */
  public static double learningRateDecay(String name) {
    return name.toLowerCase(Locale.ROOT).equals("lenet") ? 0.7 : 1.0;
  }

  /** {@code seed} or {@code lenet}, case-insensitive. */
  public static Sequential byName(String name, long seed) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "seed":
        return seed(seed);
      case "lenet":
        return lenet(seed);
      default:
        throw new IllegalArgumentException("unknown model '" + name + "'; known: seed, lenet");
    }
  }
}
