package dev.lamina.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.datasets.DatasetUnavailableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class CliErrorsTest {
  private static final String UNAVAILABLE =
      "MNIST is not available: no verified copy of train-images-idx3-ubyte.\n"
          + "Tried:\n  - cache /c\n  - npm: not on the PATH\n"
          + "To place the files by hand, copy the four files into /c";

  @Command(name = "fail")
  static final class Failing implements Callable<Integer> {
    private final Exception failure;

    Failing(Exception failure) {
      this.failure = failure;
    }

    @Override
    public Integer call() throws Exception {
      throw failure;
    }
  }

  private static String stderrOf(Exception failure) {
    StringWriter err = new StringWriter();
    CommandLine cli = CliErrors.install(new CommandLine(new Failing(failure)));
    cli.setErr(new PrintWriter(err, true));
    assertEquals(CliErrors.FAILURE, cli.execute());
    return err.toString();
  }

  @Test
  void anUnavailableDatasetShowsWhatWasTriedAndHowToPlaceTheFiles() {
    DatasetUnavailableException e = new DatasetUnavailableException(UNAVAILABLE);
    CliFailure wrapped = new CliFailure("--dataset mnist: " + CliErrors.describe(e), e);

    assertEquals(("fail: --dataset mnist: " + UNAVAILABLE).lines().toList(),
        stderrOf(wrapped).lines().toList());
    assertEquals(("fail: " + UNAVAILABLE).lines().toList(), stderrOf(e).lines().toList());
  }

  /** Subcommands that run out of memory: without options, and with a batch size and threads. */
  @Command(name = "hungry", subcommands = {Hungry.Plain.class, Hungry.Batched.class})
  static final class Hungry implements Runnable {
    @Override
    public void run() {}

    @Command(name = "plain")
    static final class Plain implements Runnable {
      @Override
      public void run() {
        throw new OutOfMemoryError("Java heap space");
      }
    }

    @Command(name = "batched")
    static final class Batched implements Runnable {
      @Option(names = "--batch-size")
      int batchSize;

      @Option(names = "--threads")
      int threads;

      @Option(names = "--thread")
      boolean thread;

      @Override
      public void run() {
        throw thread
            ? new OutOfMemoryError("unable to create native thread: possibly out of memory")
            : new OutOfMemoryError();
      }
    }
  }

  private static String afterRunningOutOfMemory(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = CliErrors.install(new CommandLine(new Hungry()));
    cli.setErr(new PrintWriter(err, true));
    assertEquals(CliErrors.FAILURE, CliErrors.execute(cli, args));
    String message = err.toString().strip();
    assertEquals(1, message.lines().count(), message);
    return message;
  }

  /** The -Xmx value suggested to this JVM. */
  private static final String LARGER = CliErrors.largerHeap(Runtime.getRuntime().maxMemory());

  @Test
  void runningOutOfHeapIsOneLineOfferingOnlyTheCommandsOwnOptions() {
    String heap = "the heap's limit is " + (Runtime.getRuntime().maxMemory() >> 20) + " MB";

    assertEquals("hungry plain: out of memory (Java heap space; " + heap
        + "): give Java more heap, e.g. LAMINA_JAVA_OPTS=-Xmx" + LARGER,
        afterRunningOutOfMemory("plain"));
    assertEquals("hungry batched: out of memory (" + heap + "): use a smaller --batch-size or "
        + "fewer images, or give Java more heap, e.g. LAMINA_JAVA_OPTS=-Xmx" + LARGER,
        afterRunningOutOfMemory("batched"));
    assertEquals("hungry batched: the system refused another thread (unable to create native "
        + "thread: possibly out of memory): use fewer --threads",
        afterRunningOutOfMemory("batched", "--thread"));
  }

  @Test
  void controlCharactersAndOverlongTextCannotReachTheTerminal() {
    String forged = "layer \u001b[31mred\u0000 " + "x".repeat(5000) + " the defect";

    String line = stderrOf(new IOException(forged)).strip();

    assertTrue(line.startsWith("fail: layer \\u001b[31mred\\u0000 xxx"), line);
    assertTrue(line.endsWith("xxx the defect"), "the end survives: " + line);
    assertTrue(line.chars().noneMatch(Character::isISOControl), line);
    String escaped = forged.replace("\u001b", "\\u001b").replace("\u0000", "\\u0000");
    String marker =
        "... (" + (escaped.length() - CliErrors.MAX_LINE) + " chars left out) ...";
    assertTrue(line.contains(marker), line);
    assertEquals("fail: ".length() + CliErrors.MAX_LINE + marker.length(), line.length());
    assertEquals("a\\nb\\tc\\r\\u202e", CliErrors.printable("a\nb\tc\r\u202e"));
  }

  @ParameterizedTest(name = "a limit of {0} MB gets -Xmx{1}")
  @CsvSource({"100, 4g", "584, 4g", "2048, 4g", "2049, 8g", "3641, 8g", "7282, 16g"})
  void theHeapSuggestedIsAtLeastTwiceTheHeapRunning(long limitMb, String suggested) {
    assertEquals(suggested, CliErrors.largerHeap(limitMb << 20));
    // the launcher's -Xmx600m reports 584 MB and -Xmx4g 3641 MB: neither is told to use itself
    long gigabytes = Long.parseLong(suggested.substring(0, suggested.length() - 1));
    assertTrue(gigabytes << 30 >= 2 * (limitMb << 20), suggested);
  }

  @Test
  void aLibrarysHeapAdviceSaysHowToGiveItThroughTheLauncher() {
    assertEquals("fail: f: too large (limit 500 MB): give Java more heap (-Xmx)"
        + " (for ./lamina: LAMINA_JAVA_OPTS=-Xmx" + LARGER + ")",
        stderrOf(new IOException("f: too large (limit 500 MB): give Java more heap (-Xmx)"))
            .strip());
    // the model files' wording (training.io.HeapBudget)
    String model = "m.lmf: the file is 900.0 MB; loading it needs at least twice that, more than"
        + " the Java heap's limit of 600.0 MB (give Java more heap with -Xmx)";
    assertEquals("fail: " + model + " (for ./lamina: LAMINA_JAVA_OPTS=-Xmx" + LARGER + ")",
        stderrOf(new IOException(model)).strip());
  }

  @Test
  void otherFailuresKeepOneLine() {
    assertEquals("fail: first line\n",
        stderrOf(new IOException("first line\nsecond line")).replace(System.lineSeparator(), "\n"));
  }
}
