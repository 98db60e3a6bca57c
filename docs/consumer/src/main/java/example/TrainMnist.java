package example;

import dev.lamina.datasets.Dataset;
import dev.lamina.datasets.MnistDatasets;
import dev.lamina.datasets.Split;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.MaxPool2D;
import dev.lamina.layers.ReLU;
import dev.lamina.layers.Sequential;
import dev.lamina.layers.Softmax;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import dev.lamina.tensor.compute.ComputeBackends;
import dev.lamina.training.Trainer;
import dev.lamina.training.TrainingListener;
import dev.lamina.training.io.ModelFiles;
import dev.lamina.training.loss.Losses;
import dev.lamina.training.optim.Sgd;
import java.nio.file.Path;

/** Trains a small CNN on MNIST, tests it, saves it, loads it back and classifies one image. */
public class TrainMnist {
  public static void main(String[] args) throws Exception {
    int trainSize = args.length > 0 ? Integer.parseInt(args[0]) : 60_000;
    ComputeBackends.warmUpInBackground(); // the JIT compiles the kernels while MNIST loads

    Dataset train = MnistDatasets.mnist().load(Split.TRAIN).first(trainSize);
    Dataset test = MnistDatasets.mnist().load(Split.TEST);

    Sequential model = Sequential.builder(Shape.of(1, 28, 28))
        .add(new Conv2D(8, 3))
        .add(new ReLU())
        .add(new MaxPool2D(2))
        .add(new Flatten())
        .add(new Dense(64))
        .add(new ReLU())
        .add(new Dense(10))
        .add(new Softmax())
        .seed(7)
        .build();
    System.out.println(model.summary());

    Trainer trainer = Trainer.builder()
        .model(model)
        .loss(Losses.crossEntropy())
        .optimizer(Sgd.builder().learningRate(0.05).momentum(0.9).build())
        .batchSize(64)
        .epochs(1)
        .listener(TrainingListener.progressBar())
        .build();
    trainer.fit(train);
    System.out.printf("test accuracy %.2f%%%n", 100 * trainer.evaluate(test).accuracy());

    Path file = Path.of("mnist-cnn.lmf");
    ModelFiles.save(model, file);
    Sequential loaded = ModelFiles.load(file);
    Tensor probabilities = loaded.predict(test.subset(0, 1).features()); // [1, 10]
    System.out.println("first test image: label " + test.label(0) + ", predicted "
        + probabilities.argmax(1)[0] + " (model file " + file + ")");
  }
}
