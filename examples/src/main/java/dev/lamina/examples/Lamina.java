package dev.lamina.examples;

import dev.lamina.examples.bench.BenchCommand;
import dev.lamina.tensor.compute.ComputeBackends;
import java.io.PrintWriter;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code lamina} command line. Each subcommand is one class, registered here (or under its
 * parent, like {@code bench gemm} under {@link BenchCommand}).
 *
 * <p>Exit codes: 0 on success, 1 when the work fails (one line on stderr, the stack trace only
 * with {@code --verbose}), 2 on a usage error; see {@link CliErrors}.
 */
@Command(name = "lamina", mixinStandardHelpOptions = true, versionProvider = LaminaVersion.class,
    description = "A small, fast, pure-Java deep-learning framework.",
    subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class,
        InfoCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Lamina implements Callable<Integer> {
  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "Print the stack trace of a failure after its one-line message. Default: off.")
  boolean verbose;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Commands whose first work is training or inference. */
  private static final Set<String> COMPUTING_COMMANDS = Set.of("train", "evaluate", "bench");

  public static void main(String[] args) {
    if (args.length > 0 && COMPUTING_COMMANDS.contains(args[0])) {
      // Before the command line is even parsed: the JIT gets the most time to compile the
      // kernels while the JVM, the options and the data load.
      ComputeBackends.warmUpInBackground();
    }
    System.setProperty("java.awt.headless", "true");
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** The command line with Lamina's option parsing and error handling. */
  public static CommandLine commandLine() {
    return CliErrors.install(
        new CommandLine(new Lamina()).setCaseInsensitiveEnumValuesAllowed(true));
  }

  /** Runs the command line with the given streams and returns the exit code. */
  static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = commandLine();
    cli.setOut(out);
    cli.setErr(err);
    return CliErrors.execute(cli, args);
  }

  /** Without a command: the usage on standard error, and the usage error's exit code. */
  @Override
  public Integer call() {
    return CliErrors.missingCommand(spec.commandLine());
  }
}
