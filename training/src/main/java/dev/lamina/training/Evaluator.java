package dev.lamina.training;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.lamina.datasets.Dataset;
import dev.lamina.layers.Sequential;
import dev.lamina.tensor.Shape;
import dev.lamina.training.loss.Loss;
import java.util.Locale;

/**
 * Measures a classifier on a dataset without training it: mean loss, accuracy, per-class accuracy
 * and confusion matrix, in inference mode, in chunks of samples so memory stays bounded.
 *
 * <pre>{@code
 * Evaluation test = Evaluator.evaluate(model, Losses.crossEntropy(), testSet);
 * }</pre>
 */
public final class Evaluator {
  /** The default number of samples per inference chunk. */
  public static final int DEFAULT_CHUNK = Trainer.DEFAULT_EVALUATION_CHUNK;

  private Evaluator() {}

  /** As {@link #evaluate(Sequential, Loss, Dataset, int)} in chunks of {@link #DEFAULT_CHUNK}. */
  public static Evaluation evaluate(Sequential model, Loss loss, Dataset dataset) {
    return evaluate(model, loss, dataset, DEFAULT_CHUNK);
  }

  /**
   * {@code model}'s performance on {@code dataset} under {@code loss}, running {@code chunk}
   * samples at a time. Does not modify the model. The chunk changes no prediction, so neither the
   * accuracy nor the confusion matrix; the mean loss is summed chunk by chunk, so its last bits
   * may differ between chunk sizes. Throws {@link IllegalArgumentException} when the
   * dataset is empty, its sample shape is not the model's input shape, its class count is not the
   * model's output size, or it does not agree with itself (features not {@code [size,
   * ...sampleShape]}, not one label per sample, or a label outside {@code [0, classes)}).
   */
  public static Evaluation evaluate(Sequential model, Loss loss, Dataset dataset, int chunk) {
    checkNotNull(model, "model");
    checkNotNull(loss, "loss");
    checkNotNull(dataset, "dataset");
    checkArgument(chunk > 0, "the evaluation chunk must be positive, got %s", chunk);
    checkArgument(dataset.size() > 0, "the dataset has no samples to evaluate");
    checkFits(model, dataset, "", "dataset");
    int classes = dataset.classes();
    long[][] confusion = new long[classes][classes];
    double lossSum = 0;
    for (int from = 0; from < dataset.size(); from += chunk) {
      Dataset part = dataset.subset(from, Math.min(dataset.size(), from + chunk));
      int[] labels = part.labels();
      ModelPass pass = ModelPass.evaluate(model, loss, part.features());
      lossSum += (double) pass.loss(loss, labels) * labels.length;
      int[] predicted = pass.predictions();
      for (int i = 0; i < labels.length; i++) {
        confusion[labels[i]][predicted[i]]++;
      }
    }
    return new Evaluation(lossSum / dataset.size(), confusion);
  }

  /**
   * Throws {@link IllegalArgumentException} when {@code data}'s sample shape is not {@code model}'s
   * input shape or its class count not the model's output size, or when the data does not agree
   * with itself (a {@link Dataset} may be anyone's implementation): features not {@code [size,
   * ...sampleShape]}, not one label per sample, or a label outside {@code [0, classes)}. Messages
   * start with {@code who} (such as {@code "Trainer: "}) and call the data {@code what}.
   */
  static void checkFits(Sequential model, Dataset data, String who, String what) {
    checkArgument(data.sampleShape().equals(model.inputShape()),
        "%sthe model takes samples of %s, but the %s has samples of %s",
        who, model.inputShape(), what, data.sampleShape());
    checkArgument(model.outputShape().equals(Shape.of(data.classes())),
        "%sthe model outputs %s per sample, but the %s has %s classes (expected output [%s])",
        who, model.outputShape(), what, data.classes(), data.classes());
    Shape features = data.features().shape();
    Shape expected = data.sampleShape().prepend(data.size());
    checkArgument(features.equals(expected),
        "%sthe %s's features are %s, but its size and sample shape make %s",
        who, what, features, expected);
    int[] labels = data.labels();
    checkArgument(labels.length == data.size(),
        "%sthe %s has %s samples but %s labels", who, what, data.size(), labels.length);
    int classes = data.classes();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "%slabel %d of sample %d of the %s is outside [0, %d)",
            who, labels[i], i, what, classes));
      }
    }
  }
}
