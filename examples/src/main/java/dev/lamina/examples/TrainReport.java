package dev.lamina.examples;

import dev.lamina.training.EpochRecord;
import dev.lamina.training.TrainingHistory;
import java.util.List;

/**
 * What {@code train --report} writes as JSON: the run's configuration, the epochs, training and
 * inference speed and the test accuracy (a fraction in [0, 1]).
 */
public record TrainReport(String model, String dataset, int trainSize, int testSize, int threads,
    String backend, List<Epoch> epochs, double trainSeconds, double trainImagesPerSecond,
    double testAccuracy, double inferenceImagesPerSecond) {

  /** One epoch: 1-based number, training loss and accuracy, wall-clock seconds. */
  public record Epoch(int epoch, double loss, double accuracy, double seconds) {
    static Epoch of(EpochRecord r) {
      return new Epoch(r.epoch() + 1, r.loss(), r.accuracy(), r.seconds());
    }
  }

  /** The epochs of {@code history} as report entries. */
  static List<Epoch> epochs(TrainingHistory history) {
    return history.epochs().stream().map(Epoch::of).toList();
  }
}
