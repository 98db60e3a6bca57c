package dev.lamina.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lamina} command line: train, evaluate and predict on MNIST-style data. */
@Command(name = "lamina", mixinStandardHelpOptions = true, version = "Lamina 0.1.0",
    description = "A small, fast, pure-Java deep-learning framework.",
    subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class,
        CommandLine.HelpCommand.class})
public final class Lamina {
  private Lamina() {}

  /** The command line with Lamina's error handling ({@link CliErrors}); tests call this. */
  public static CommandLine commandLine() {
    return CliErrors.install(new CommandLine(new Lamina()).setCaseInsensitiveEnumValuesAllowed(true));
  }

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(commandLine().execute(args));
  }
}
