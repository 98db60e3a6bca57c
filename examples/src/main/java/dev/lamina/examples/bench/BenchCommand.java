package dev.lamina.examples.bench;

import dev.lamina.examples.CliErrors;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lamina bench}: the parent of the benchmark subcommands. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure Lamina's speed.",
    subcommands = {GemmBenchCommand.class, TrainBenchCommand.class})
public final class BenchCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  /** Without a benchmark: the usage on standard error, and the usage error's exit code. */
  @Override
  public Integer call() {
    return CliErrors.missingCommand(spec.commandLine());
  }
}
