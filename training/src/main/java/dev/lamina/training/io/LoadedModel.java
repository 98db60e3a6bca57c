package dev.lamina.training.io;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.lamina.layers.Sequential;
import java.util.Optional;

/** A model read from a file, with the training state saved alongside it, if any. */
public record LoadedModel(Sequential model, Optional<TrainingState> trainingState) {
  public LoadedModel {
    checkNotNull(model, "model");
    checkNotNull(trainingState, "trainingState");
  }
}
