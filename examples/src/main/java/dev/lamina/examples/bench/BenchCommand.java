package dev.lamina.examples.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lamina bench}: the parent of the benchmark subcommands. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure Lamina's speed.",
    subcommands = {GemmBenchCommand.class, TrainBenchCommand.class})
public final class BenchCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
