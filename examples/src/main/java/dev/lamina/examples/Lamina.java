package dev.lamina.examples;

import dev.lamina.examples.bench.BenchCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code lamina} command line. Each subcommand is one class, registered here (or under its
 * parent, like {@code bench gemm} under {@link BenchCommand}).
 *
 * <p>Exit codes: 0 on success, 1 when the work fails (one line on stderr, the stack trace only
 * with {@code --verbose}), 2 on a usage error.
 */
@Command(name = "lamina", mixinStandardHelpOptions = true, versionProvider = LaminaVersion.class,
    description = "A small, fast, pure-Java deep-learning framework.",
    subcommands = {InfoCommand.class, BenchCommand.class})
public final class Lamina implements Runnable {
  static final int EXIT_FAILURE = 1;
  static final int EXIT_USAGE = 2;

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "Print stack traces of failures.")
  boolean verbose;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the command line with the given streams and returns the exit code. */
  static int run(PrintWriter out, PrintWriter err, String... args) {
    Lamina root = new Lamina();
    CommandLine cli = new CommandLine(root);
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((e, a) -> {
      err.println("lamina: " + e.getMessage() + " (see 'lamina --help')");
      return EXIT_USAGE;
    });
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      err.println("lamina: " + describe(e));
      if (root.verbose) {
        e.printStackTrace(err);
      }
      return EXIT_FAILURE;
    });
    return cli.execute(args);
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
