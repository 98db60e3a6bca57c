package dev.lamina.datasets;

import static dev.lamina.datasets.Messages.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.lamina.tensor.Shape;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistLoaderTest {
  private static final Duration SHORT = Duration.ofMillis(300);
  private static final Duration PATIENT = Duration.ofSeconds(20);

  @TempDir Path home;
  private LocalMirror mirror;
  private MnistLoader loader;

  @BeforeEach
  void setUp() throws IOException {
    mirror = new LocalMirror();
    loader = new MnistLoader(TinyDataset.spec(), List.of()).locations(DataLocations.at(home));
  }

  @AfterEach
  void tearDown() {
    mirror.close();
  }

  private Path cache() {
    return home.resolve("tiny");
  }

  private static void assertTinyTrain(Dataset train) {
    assertEquals(Shape.of(5, 1, TinyDataset.ROWS, TinyDataset.COLS), train.features().shape());
    assertArrayEquals(TinyDataset.TRAIN_LABELS, train.labels());
    assertEquals((1 + 4) / 255f, train.features().getFlat(6 + 4), "image 1, pixel 4");
  }

  @Test
  void fetchesFromMirrorIntoCacheThenUsesCache() throws IOException {
    Dataset train = loader.sources(mirror.source("good", PATIENT)).load(Split.TRAIN);

    assertTinyTrain(train);
    for (String file : TinyDataset.contents().keySet()) {
      assertArrayEquals(TinyDataset.contents().get(file), Files.readAllBytes(cache().resolve(file)),
          file);
    }
    Set<String> expected = new TreeSet<>(TinyDataset.contents().keySet());
    expected.add(VerifiedStamps.FILE_NAME);
    try (var left = Files.list(cache())) {
      assertEquals(expected, left.map(p -> p.getFileName().toString()).collect(
          Collectors.toCollection(TreeSet::new)), "no temp files or staging folders are left");
    }
    int requests = mirror.requests.get();
    assertArrayEquals(TinyDataset.TEST_LABELS, loader.load(Split.TEST).labels());
    assertEquals(requests, mirror.requests.get(), "the cache answers without a download");
  }

  @Test
  void cachedFilesGetTheUsualPermissionsSoACacheCanBeShared() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    loader.sources(mirror.source("good", PATIENT)).load(Split.TRAIN);
    Path usual = Files.createFile(home.resolve("usual"));

    for (String file : TinyDataset.contents().keySet()) {
      assertEquals(Files.getPosixFilePermissions(usual),
          Files.getPosixFilePermissions(cache().resolve(file)), file);
      assertNotEquals(PosixFilePermissions.fromString("rw-------"),
          Files.getPosixFilePermissions(cache().resolve(file)), file);
    }
  }

  @Test
  void wrongChecksumFallsThroughToNextSource() throws IOException {
    assertTinyTrain(loader.sources(mirror.source("wrong", SHORT), mirror.source("good", PATIENT))
        .load(Split.TRAIN));
  }

  @Test
  void missingFilesFallThroughToNextSource() throws IOException {
    assertTinyTrain(loader.sources(mirror.source("nothing", SHORT), mirror.source("good", PATIENT))
        .load(Split.TRAIN));
  }

  @Test
  void hangingMirrorTimesOutAndFallsThrough() throws IOException {
    assertTinyTrain(loader.sources(mirror.source("hang", SHORT), mirror.source("good", PATIENT))
        .load(Split.TRAIN));
  }

  @Test
  void everySourceFailingListsWhatWasTriedAndHowToPlaceFiles() {
    MnistLoader failing = loader.sources(mirror.source("wrong", SHORT),
        mirror.source("hang", SHORT), mirror.source("stall", SHORT), mirror.source("gone", SHORT));

    DatasetUnavailableException e =
        assertThrows(DatasetUnavailableException.class, () -> failing.load(Split.TEST));

    assertContains(e.getMessage(), "Tiny is not available",
        "t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte", "cache " + cache(),
        "/wrong/: t10k-images-idx3-ubyte: checksum mismatch",
        "/hang/t10k-images-idx3-ubyte.gz: timed out",
        "/stall/t10k-images-idx3-ubyte.gz: timed out",
        "/gone/t10k-images-idx3-ubyte.gz: HTTP 404",
        "To place the files by hand", "into " + cache(), "--data-dir");
    assertTrue(DataFiles.locate(cache(), "t10k-images-idx3-ubyte").isEmpty(),
        "nothing unverified enters the cache");
  }

  @Test
  void aMirrorThatCannotBeReachedIsAskedOnceNotOncePerFile() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    URI base = URI.create("http://127.0.0.1:" + closedPort + "/mnist/");
    MnistLoader failing = loader.sources(new HttpMirrorSource(base, SHORT, SHORT));

    DatasetUnavailableException e =
        assertThrows(DatasetUnavailableException.class, () -> failing.load(Split.TRAIN));

    assertContains(e.getMessage(), "mirror " + base + ": " + base
        + "train-images-idx3-ubyte.gz: cannot connect",
        "the remaining 3 files were not tried on this mirror");
    assertFalse(e.getMessage().contains("train-labels-idx1-ubyte.gz"), e.getMessage());
  }

  /**
   * A stamped file that keeps its size and modification time is not read again: here it is
   * changed behind the stamp's back (same size, old time put back) and still trusted. Once its
   * time changes, it is checked in full, found wrong and fetched again.
   */
  @Test
  void aStampVouchesForAnUnchangedFileAndAnyChangeBringsBackTheFullCheck() throws IOException {
    MnistLoader fetching = loader.sources(mirror.source("good", PATIENT));
    fetching.load(Split.TRAIN);
    Path labels = cache().resolve("train-labels-idx1-ubyte");
    FileTime verifiedAt = Files.getLastModifiedTime(labels);
    int[] other = {1, 1, 1, 1, 1};
    Files.write(labels, IdxFiles.labels(other));
    Files.setLastModifiedTime(labels, verifiedAt);

    assertArrayEquals(other, fetching.load(Split.TRAIN).labels(), "trusted by its stamp");

    Files.setLastModifiedTime(labels, FileTime.fromMillis(verifiedAt.toMillis() + 2000));
    assertArrayEquals(TinyDataset.TRAIN_LABELS, fetching.load(Split.TRAIN).labels(),
        "checked, found wrong and fetched again");
  }

  @Test
  void aLimitedLoadKeepsTheFirstSamples() throws IOException {
    MnistLoader fetching = loader.sources(mirror.source("good", PATIENT));

    Dataset two = fetching.load(Split.TRAIN, 2);

    assertEquals(Shape.of(2, 1, TinyDataset.ROWS, TinyDataset.COLS), two.features().shape());
    assertArrayEquals(Arrays.copyOf(TinyDataset.TRAIN_LABELS, 2), two.labels());
    assertArrayEquals(fetching.load(Split.TRAIN).first(2).features().toArray(),
        two.features().toArray());
  }

  @Test
  void aStampFileThatCannotBeWrittenCostsOnlyTheShortcut() throws IOException {
    Files.createDirectories(cache().resolve(VerifiedStamps.FILE_NAME)); // a folder in its place
    MnistLoader fetching = loader.sources(mirror.source("good", PATIENT));

    assertTinyTrain(fetching.load(Split.TRAIN));
    assertTinyTrain(fetching.load(Split.TRAIN));
  }

  @Test
  void damagedCachedFileIsFetchedAgain() throws IOException {
    TinyDataset.writeTo(cache(), false);
    Path images = cache().resolve("train-images-idx3-ubyte");
    byte[] damaged = Files.readAllBytes(images);
    damaged[20] ^= 1;
    Files.write(images, damaged);

    assertTinyTrain(loader.sources(mirror.source("good", PATIENT)).load(Split.TRAIN));
    assertArrayEquals(TinyDataset.contents().get("train-images-idx3-ubyte"),
        Files.readAllBytes(images));
  }

  @Test
  void damagedCachedFileIsNeverUsed() throws IOException {
    TinyDataset.writeTo(cache(), false);
    Path labels = cache().resolve("train-labels-idx1-ubyte");
    Files.write(labels, IdxFiles.labels(1, 1, 1, 1, 1));

    assertThrows(DatasetUnavailableException.class,
        () -> loader.sources(mirror.source("wrong", SHORT)).load(Split.TRAIN));
    assertFalse(Files.exists(labels));
  }

  @Test
  void aCachedGzipFileWithTrailingDataIsFetchedAgain() throws IOException {
    TinyDataset.writeTo(cache(), true);
    Path images = cache().resolve("train-images-idx3-ubyte.gz");
    Files.write(images, new byte[] {0, 0, 0, 0}, StandardOpenOption.APPEND);

    assertTinyTrain(loader.sources(mirror.source("good", PATIENT)).load(Split.TRAIN));
    assertFalse(Files.exists(images), "the damaged file is replaced by a fetched one");
    assertTrue(Files.exists(cache().resolve("train-images-idx3-ubyte")));
  }

  @Test
  void handPlacedGzipFilesInCacheAreVerifiedAndUsed() throws IOException {
    TinyDataset.writeTo(cache(), true);
    assertTinyTrain(loader.load(Split.TRAIN));
  }

  @Test
  void aGzipFileInTheCacheIsStampedUnderItsOwnName() throws IOException {
    TinyDataset.writeTo(cache(), true);
    loader.load(Split.TRAIN);

    Path labels = cache().resolve("train-labels-idx1-ubyte.gz");
    String sha256 = TinyDataset.sha256(TinyDataset.contents().get("train-labels-idx1-ubyte"));
    assertTrue(VerifiedStamps.in(cache()).vouchFor(labels, sha256),
        "stamped with its content's SHA-256 under the .gz name");
    assertFalse(Files.exists(cache().resolve("train-labels-idx1-ubyte")));
    assertTinyTrain(loader.load(Split.TRAIN));
  }

  @Test
  void dataDirIsReadWithoutChecksumAndNeverFetched(@TempDir Path data) throws IOException {
    DataSource source = mock(DataSource.class);
    Files.write(data.resolve("t10k-images-idx3-ubyte.gz"), IdxFiles.gzip(IdxFiles.images(2, 2, 3)));
    Files.write(data.resolve("t10k-labels-idx1-ubyte"), IdxFiles.labels(3, 3));

    Dataset test = loader.sources(source).dataDir(data).load(Split.TEST);

    assertArrayEquals(new int[] {3, 3}, test.labels());
    verify(source, never()).fetch(any(), any());
    assertFalse(Files.exists(cache()));
  }

  @Test
  void missingFileInDataDirIsNamedAndNotFetched(@TempDir Path data) throws IOException {
    DataSource source = mock(DataSource.class);
    Files.write(data.resolve("train-images-idx3-ubyte"), IdxFiles.images(2, 2, 3));

    IdxFormatException e = assertThrows(IdxFormatException.class,
        () -> loader.sources(source).dataDir(data).load(Split.TRAIN));

    assertContains(e.getMessage(), "train-labels-idx1-ubyte: missing: neither",
        "train-labels-idx1-ubyte.gz", data.toString());
    verify(source, never()).fetch(any(), any());
  }

  /** A folder or a pipe standing where a data file should be was reported as missing. */
  @Test
  void aDataFileThatIsNotAFileIsNamedAsSuch(@TempDir Path data) throws Exception {
    Files.write(data.resolve("train-images-idx3-ubyte"), IdxFiles.images(2, 2, 3));
    Files.createDirectory(data.resolve("train-labels-idx1-ubyte"));

    IdxFormatException folder = assertThrows(IdxFormatException.class,
        () -> loader.dataDir(data).load(Split.TRAIN));
    assertEquals("train-labels-idx1-ubyte: a folder, not an IDX file", folder.getMessage());

    Files.delete(data.resolve("train-labels-idx1-ubyte"));
    Path fifo = data.resolve("train-labels-idx1-ubyte.gz");
    boolean made;
    try {
      made = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
    } catch (IOException noMkfifo) {
      made = false;
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(made, "mkfifo is not available");
    IdxFormatException pipe = assertThrows(IdxFormatException.class,
        () -> loader.dataDir(data).load(Split.TRAIN));
    assertEquals("train-labels-idx1-ubyte.gz: a named pipe (FIFO), not an IDX file",
        pipe.getMessage());
  }

  @Test
  void wrongImageSizeInDataDirIsRejected(@TempDir Path data) throws IOException {
    Files.write(data.resolve("t10k-images-idx3-ubyte"), IdxFiles.images(2, 4, 4));
    Files.write(data.resolve("t10k-labels-idx1-ubyte"), IdxFiles.labels(3, 3));

    IdxFormatException e = assertThrows(IdxFormatException.class,
        () -> loader.dataDir(data).load(Split.TEST));

    assertEquals("t10k-images-idx3-ubyte: images are 4x4, expected 2x3 for Tiny", e.getMessage());
  }

  @Test
  void hugeGzipImagesAreRefusedFromTheirHeader(@TempDir Path data) throws IOException {
    byte[] header = IdxFiles.idx(new int[] {1, 30000, 30000}, new byte[1000]);
    Files.write(data.resolve("t10k-images-idx3-ubyte.gz"), IdxFiles.gzip(header));
    Files.write(data.resolve("t10k-labels-idx1-ubyte"), IdxFiles.labels(3));

    IdxFormatException e = assertThrows(IdxFormatException.class,
        () -> loader.dataDir(data).load(Split.TEST, 1));

    assertEquals("t10k-images-idx3-ubyte.gz: images are 30000x30000, expected 2x3 for Tiny",
        e.getMessage());
  }

  @Test
  void hugeRawImagesAreRefusedFromTheirHeaderUnread(@TempDir Path data) throws IOException {
    Path images = IdxFiles.sparse(data.resolve("t10k-images-idx3-ubyte"),
        IdxFiles.idx(new int[] {1, 40000, 40000}, new byte[0]), 16 + 40000L * 40000);
    Files.write(data.resolve("t10k-labels-idx1-ubyte"), IdxFiles.labels(3));

    IdxFormatException e = assertThrows(IdxFormatException.class,
        () -> loader.dataDir(data).load(Split.TEST, 1));

    assertEquals("t10k-images-idx3-ubyte: images are 40000x40000, expected 2x3 for Tiny",
        e.getMessage());
    Files.delete(images);
  }

  @Test
  void sourceThatThrowsIsRecordedAndNextIsTried() throws IOException {
    DataSource broken = mock(DataSource.class);
    when(broken.description()).thenReturn("broken source");
    org.mockito.Mockito.doThrow(new IOException("disk on fire")).when(broken).fetch(any(), any());

    assertTinyTrain(loader.sources(broken, mirror.source("good", PATIENT)).load(Split.TRAIN));
    DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
        () -> new MnistLoader(TinyDataset.spec(), List.of(broken))
            .locations(DataLocations.at(home.resolve("other"))).load(Split.TRAIN));
    assertContains(e.getMessage(), "broken source: disk on fire");
  }

  @Test
  void aFetchedGzipFileCutShortIsRejectedInWords(@TempDir Path folder) throws IOException {
    TinyDataset.writeTo(folder, true);
    Path images = folder.resolve("train-images-idx3-ubyte.gz");
    byte[] compressed = Files.readAllBytes(images);
    Files.write(images, Arrays.copyOf(compressed, compressed.length - 12));

    DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
        () -> loader.sources(new FolderSource(folder, "")).load(Split.TRAIN));

    assertContains(e.getMessage(), "train-images-idx3-ubyte: unreadable (the data ends early)");
  }

  @Test
  void folderSourceCopiesGzipFiles(@TempDir Path folder) throws IOException {
    TinyDataset.writeTo(folder, true);
    assertTinyTrain(loader.sources(new FolderSource(folder, "")).load(Split.TRAIN));

    DatasetUnavailableException e = assertThrows(DatasetUnavailableException.class,
        () -> loader.locations(DataLocations.at(home.resolve("other")))
            .sources(new FolderSource(folder.resolve("absent"), "apt-get install x"))
            .load(Split.TRAIN));
    assertContains(e.getMessage(), "absent: not present (apt-get install x)");
  }
}
