package dev.lamina.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.datasets.DataLocations;
import dev.lamina.datasets.MnistDatasets;
import dev.lamina.datasets.MnistLoader;
import dev.lamina.datasets.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class DataOptionsTest {
  @TempDir Path tmp;

  @Command(name = "with-data")
  static final class WithData {
    @Mixin DataOptions data;
  }

  private static DataOptions parse(String... args) {
    WithData command = new WithData();
    new CommandLine(command).parseArgs(args);
    return command.data;
  }

  /** An output over a cached data file once replaced it, and the next run fetched it again. */
  @Test
  void theCachedFilesAreInputsThatNoOutputMayOverwrite() {
    Path cache = MnistDatasets.byName("fashion").cacheDir();

    var inputs = parse("--dataset", "fashion").inputFiles();

    assertEquals(cache.resolve("t10k-labels-idx1-ubyte"),
        inputs.get("the dataset cache's t10k-labels-idx1-ubyte"));
    assertEquals(cache.resolve("train-images-idx3-ubyte.gz"),
        inputs.get("the dataset cache's train-images-idx3-ubyte.gz"));
    assertEquals(8, inputs.size());
  }

  /** A cache that cannot be used once blamed --dataset, an option the user never gave. */
  @Test
  void aCacheFolderThatCannotBeUsedIsNamedWithWhereItCameFrom() throws IOException {
    Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
    MnistLoader loader = MnistDatasets.byName("mnist").locations(DataLocations.at(file));
    IOException e = assertThrows(IOException.class, () -> loader.load(Split.TEST));

    String message = parse().failure(e, loader);

    assertEquals("--dataset mnist: cannot use the dataset cache " + file.resolve("mnist")
        + " (as given): " + CliErrors.describe(e) + "; or read the IDX files from a folder with"
        + " --data-dir", message);
  }
}
