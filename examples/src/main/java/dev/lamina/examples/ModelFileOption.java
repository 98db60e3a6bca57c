package dev.lamina.examples;

import dev.lamina.layers.Sequential;
import dev.lamina.tensor.Shape;
import dev.lamina.training.io.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --model-file FILE}: a model saved by {@code lamina train --save}. */
public final class ModelFileOption {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec command;

  private Path file;

  /** Sets the file given; the empty path is a usage error, like an empty {@code --data-dir}. */
  @Option(names = "--model-file", paramLabel = "FILE", required = true,
      description = "A model file written by 'lamina train --save FILE'.")
  private void setFile(Path file) {
    this.file = Checks.namesSomething(command.commandLine(), "--model-file", file, "file");
  }

  /** The model file given. */
  public Path file() {
    return file;
  }

  /** Loads the model; a missing or damaged file is a one-line failure naming it. */
  public Sequential load() {
    if (Files.isDirectory(file)) {
      throw new CliFailure("--model-file " + file + ": a folder, not a model file");
    }
    try {
      return ModelFiles.load(file, ExampleLayers.registry());
    } catch (IOException e) {
      throw new CliFailure("--model-file: " + CliErrors.describe(e), e);
    }
  }

  /**
   * Checks that {@code model} takes samples of {@code sampleShape} and outputs one score per
   * class: {@code classes} of them when positive, any number otherwise; a mismatch is a one-line
   * failure naming the model file and {@code what} the data is.
   */
  public void checkFits(Sequential model, Shape sampleShape, int classes, String what) {
    if (!model.inputShape().equals(sampleShape)) {
      throw new CliFailure(String.format(Locale.ROOT,
          "--model-file %s: the model takes samples of %s, but %s has samples of %s", file,
          model.inputShape(), what, sampleShape));
    }
    if (classes <= 0 && model.outputShape().rank() != 1) {
      throw new CliFailure(String.format(Locale.ROOT,
          "--model-file %s: the model outputs %s per sample, not one score per class", file,
          model.outputShape()));
    }
    if (classes > 0 && !model.outputShape().equals(Shape.of(classes))) {
      throw new CliFailure(String.format(Locale.ROOT,
          "--model-file %s: the model outputs %s per sample, but %s has %d classes", file,
          model.outputShape(), what, classes));
    }
  }
}
