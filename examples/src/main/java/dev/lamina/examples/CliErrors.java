package dev.lamina.examples;

import dev.lamina.datasets.DatasetUnavailableException;
import dev.lamina.datasets.IdxFormatException;
import dev.lamina.datasets.IoProblems;
import dev.lamina.training.io.FileText;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * How the command line fails: a usage error (bad or missing option, out-of-range value) prints one
 * line naming the option and exits with 2; any other failure (unreadable or broken file, failed
 * training) prints one line naming the file or option and what is wrong and exits with 1 — except
 * a dataset that cannot be found or fetched, whose first line (the summary) is followed by the
 * sources tried and how to place the files by hand. Running out of heap is a failure too, with
 * a line saying what to change. The stack trace follows only with {@code
 * --verbose}.
 */
public final class CliErrors {
  static final int USAGE = 2;
  static final int FAILURE = 1;

  private CliErrors() {}

  /** Installs both handlers on {@code cli} and returns it. */
  static CommandLine install(CommandLine cli) {
    return cli
        .setParameterExceptionHandler(CliErrors::usageError)
        .setExecutionExceptionHandler((e, cmd, parsed) -> failure(e, cmd, parsed));
  }

  /**
   * Runs {@code cli} (with {@link #install}ed handlers) on {@code args} and returns the exit code.
   * Running out of heap, an error picocli passes on rather than handing to the handlers, also
   * becomes one line (exit 1) naming the command and what to change.
   */
  static int execute(CommandLine cli, String... args) {
    try {
      return cli.execute(args);
    } catch (OutOfMemoryError e) {
      CommandLine cmd = cli;
      ParseResult parsed = cli.getParseResult();
      for (ParseResult p = parsed; p != null; p = p.subcommand()) {
        cmd = p.commandSpec().commandLine();
      }
      return failure(e, cmd, parsed);
    }
  }

  /**
   * For a command run without one of its subcommands: says so and prints the usage (which lists
   * them) on standard error, as a usage error; returns {@link #USAGE}.
   */
  public static int missingCommand(CommandLine cmd) {
    PrintWriter err = cmd.getErr();
    err.println(qualifiedName(cmd) + ": missing command; the commands are listed below");
    cmd.usage(err);
    err.flush();
    return USAGE;
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(printable(qualifiedName(cmd) + ": " + e.getMessage()
        + " (see '" + qualifiedName(cmd) + " --help')"));
    if (verbose(cmd.getParseResult())) {
      e.printStackTrace(err);
    }
    err.flush();
    return USAGE;
  }

  private static int failure(Throwable e, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    String message =
        e instanceof OutOfMemoryError ? outOfMemory((OutOfMemoryError) e, cmd) : describe(e);
    if (message.contains("give Java more heap") && message.contains("-Xmx")
        && !message.contains("LAMINA_JAVA_OPTS")) {
      // the libraries say "-Xmx"; through the launcher that is an environment variable
      message += " (for ./lamina: " + largerHeapOption() + ")";
    }
    List<String> lines = message.lines().toList(); // one, but a dataset's failure has several
    err.println(qualifiedName(cmd) + ": " + printable(lines.isEmpty() ? "" : lines.get(0)));
    lines.stream().skip(1).map(CliErrors::printable).forEach(err::println);
    if (verbose(parsed)) {
      e.printStackTrace(err);
    }
    err.flush();
    return FAILURE;
  }

  /**
   * One line saying what went wrong, naming the file where the exception knows it; the whole
   * message when {@code e} is or was caused by a {@link DatasetUnavailableException}.
   */
  static String describe(Throwable e) {
    if (e instanceof UncheckedIOException && e.getCause() != null) {
      return describe(e.getCause());
    }
    if (e instanceof IdxFormatException) {
      IdxFormatException idx = (IdxFormatException) e;
      return idx.file() + ": " + idx.defect();
    }
    if (e instanceof FileSystemException) {
      return ((FileSystemException) e).getFile() + ": " + IoProblems.describe((IOException) e);
    }
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName() + (e instanceof IOException ? " (I/O error)" : "");
    }
    return keepsEveryLine(e) ? message : message.lines().findFirst().orElse(message);
  }

  /** The longest line printed; longer ones (a forged file's name, say) are shortened. */
  static final int MAX_LINE = 2400;

  /**
   * {@code line} safe for a terminal, as the model-file messages are ({@link FileText#oneLine}):
   * control and format characters escaped, and a line longer than {@link #MAX_LINE} shortened in
   * the middle, keeping its start (the command and the file) and its end (usually the defect).
   */
  static String printable(String line) {
    return FileText.oneLine(line, MAX_LINE);
  }

  /**
   * What ran out and what to change, offering only the options {@code cmd} has: fewer threads when
   * the system refused one more, else a smaller batch (where there is one) or a larger heap.
   */
  static String outOfMemory(OutOfMemoryError e, CommandLine cmd) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    boolean hasThreads = cmd.getCommandSpec().findOption("--threads") != null;
    if (message.contains("native thread")) {
      return "the system refused another thread (" + message + ")"
          + (hasThreads ? ": use fewer --threads" : "");
    }
    boolean hasBatches = cmd.getCommandSpec().findOption("--batch-size") != null;
    return outOfHeap(e) + ": "
        + (hasBatches ? "use a smaller --batch-size or fewer images, or " : "") + moreHeap();
  }

  /**
   * {@code "out of memory (<the error's message>; the heap's limit is <N> MB)"}, for a message
   * that names what ran out of heap and ends with {@link #moreHeap()}.
   */
  static String outOfHeap(OutOfMemoryError e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    return "out of memory (" + (message.isEmpty() ? "" : message + "; ") + "the heap's limit is "
        + (Runtime.getRuntime().maxMemory() >> 20) + " MB)";
  }

  /** {@code "give Java more heap, e.g. LAMINA_JAVA_OPTS=-Xmx<N>g"}, larger than the heap now. */
  static String moreHeap() {
    return "give Java more heap, e.g. " + largerHeapOption();
  }

  private static String largerHeapOption() {
    return "LAMINA_JAVA_OPTS=-Xmx" + largerHeap(Runtime.getRuntime().maxMemory());
  }

  /**
   * A heap to suggest to a JVM whose {@link Runtime#maxMemory()} is {@code maxBytes}, as an {@code
   * -Xmx} value: at least twice as large, a power of two gigabytes, 4g at the least. (The limit a
   * JVM reports is below its {@code -Xmx}, by a survivor space with the parallel collector: 584 MB
   * for the launcher's -Xmx600m, 3641 MB for -Xmx4g, which gets 8g.)
   */
  static String largerHeap(long maxBytes) {
    long gigabytes = 4;
    while (gigabytes << 30 < 2 * maxBytes) {
      gigabytes *= 2;
    }
    return gigabytes + "g";
  }

  private static boolean keepsEveryLine(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DatasetUnavailableException) {
        return true;
      }
    }
    return false;
  }

  private static String qualifiedName(CommandLine cmd) {
    return cmd.getCommandSpec().qualifiedName();
  }

  private static boolean verbose(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
