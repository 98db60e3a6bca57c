package dev.lamina.examples.bench;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The figures of {@code lamina bench train}: every repeat, the first and the medians. */
@JsonPropertyOrder({"model", "batchSize", "threads", "backend", "trainSize", "testSize",
    "firstTrainImagesPerSecond", "medianTrainImagesPerSecond", "medianInferenceImagesPerSecond",
    "medianTestAccuracy", "repeats"})
record TrainBenchResult(String model, int batchSize, int threads, String backend, int trainSize,
    int testSize, double firstTrainImagesPerSecond, double medianTrainImagesPerSecond,
    double medianInferenceImagesPerSecond, double medianTestAccuracy, List<Repeat> repeats) {

  static TrainBenchResult of(String model, int batchSize, int threads, String backend,
      int trainSize, int testSize, List<Repeat> runs) {
    return new TrainBenchResult(model, batchSize, threads, backend, trainSize, testSize,
        runs.get(0).trainImagesPerSecond(),
        median(runs.stream().mapToDouble(Repeat::trainImagesPerSecond).toArray()),
        median(runs.stream().mapToDouble(Repeat::inferenceImagesPerSecond).toArray()),
        median(runs.stream().mapToDouble(Repeat::testAccuracy).toArray()), List.copyOf(runs));
  }

  /** The closing lines {@code lamina bench train} prints. */
  String summary() {
    return String.format(Locale.ROOT,
        "%s: training %.0f img/s (first epoch), %.0f img/s (median of %d); inference %.0f img/s "
            + "(median); test accuracy %.2f%% (median); batch %d, %d thread%s, %s",
        model, firstTrainImagesPerSecond, medianTrainImagesPerSecond, repeats.size(),
        medianInferenceImagesPerSecond, 100 * medianTestAccuracy, batchSize, threads,
        threads == 1 ? "" : "s", backend);
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return GemmTimer.median(sorted);
  }

  /** One epoch from fresh weights (made with {@code seed}) and the inference pass after it. */
  @JsonPropertyOrder({"seed", "trainImagesPerSecond", "inferenceImagesPerSecond", "testAccuracy",
      "trainSeconds"})
  record Repeat(long seed, double trainImagesPerSecond, double inferenceImagesPerSecond,
      double testAccuracy, double trainSeconds) {
    String line(String model, int index, int of) {
      return String.format(Locale.ROOT,
          "%s repeat %d/%d (seed %d): training %.0f img/s (%.2f s), test accuracy %.2f%%, "
              + "inference %.0f img/s",
          model, index, of, seed, trainImagesPerSecond, trainSeconds, 100 * testAccuracy,
          inferenceImagesPerSecond);
    }
  }
}
