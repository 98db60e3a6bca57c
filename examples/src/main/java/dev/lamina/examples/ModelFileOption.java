package dev.lamina.examples;

import dev.lamina.layers.Sequential;
import dev.lamina.training.io.ModelFiles;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --model-file FILE}: a model saved by {@code lamina train --save}. */
public final class ModelFileOption {
  @Option(names = "--model-file", paramLabel = "FILE", required = true,
      description = "A model file written by 'lamina train --save FILE'.")
  private Path file;

  /** Loads the model; a missing or damaged file is a one-line failure naming it. */
  public Sequential load() {
    try {
      return ModelFiles.load(file, ExampleLayers.registry());
    } catch (IOException e) {
      throw new CliFailure("--model-file: " + CliErrors.describe(e), e);
    }
  }
}
