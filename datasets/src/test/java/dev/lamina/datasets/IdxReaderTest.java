package dev.lamina.datasets;

import static dev.lamina.datasets.Allocations.allocatedBy;
import static dev.lamina.datasets.IdxFiles.gzip;
import static dev.lamina.datasets.IdxFiles.idx;
import static dev.lamina.datasets.IdxFiles.images;
import static dev.lamina.datasets.IdxFiles.labels;
import static dev.lamina.datasets.Messages.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {
  @TempDir Path dir;

  private Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  private String rejection(Path file, int rank) {
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(file, rank));
    assertEquals(file, e.file());
    assertTrue(e.getMessage().startsWith(file.getFileName() + ": "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertFalse(e.getMessage().matches(".*(java\\.|Exception).*"), "words, not class names: "
        + e.getMessage());
    return e.getMessage();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void readsValidImagesRawOrGzip(boolean compressed) throws IOException {
    byte[] content = images(3, 2, 4);
    Path file = write("images", compressed ? gzip(content) : content);

    IdxData data = IdxReader.read(file, 3);

    assertArrayEquals(new int[] {3, 2, 4}, data.dims());
    assertArrayEquals(Arrays.copyOfRange(content, 16, content.length), data.data());
    assertEquals(255, IdxReader.read(write("l", labels(255)), 1).unsigned(0));
  }

  @Test
  void gzipIsDetectedByContentNotName() throws IOException {
    assertEquals(3, IdxReader.read(write("images.gz", images(3, 2, 2)), 3).dim(0));
    assertEquals(3, IdxReader.read(write("images", gzip(images(3, 2, 2))), 3).dim(0));
  }

  @Test
  void rejectsWrongMagic() throws IOException {
    Path file = write("t10k-images-idx3-ubyte", idx(0x12340803, new int[] {1, 1, 1}, new byte[1]));
    assertContains(rejection(file, 3), "bad magic 0x12340803");
  }

  @Test
  void rejectsWrongElementType() throws IOException {
    Path file = write("x", idx(0x00000d03, new int[] {1, 1, 1}, new byte[1]));
    assertContains(rejection(file, 3), "element type 0x0d");
  }

  @Test
  void rejectsWrongRank() throws IOException {
    Path file = write("train-labels-idx1-ubyte", images(2, 2, 2));
    assertContains(rejection(file, 1), "rank 3, expected 1");
  }

  @Test
  void rejectsZeroDimension() throws IOException {
    Path file = write("x", idx(new int[] {0, 28, 28}, new byte[0]));
    assertContains(rejection(file, 3), "dimension 0 is 0");
  }

  @Test
  void rejectsTruncatedFileWithPromisedAndActualSize() throws IOException {
    byte[] full = images(10, 28, 28);
    Path file = write("t10k-images-idx3-ubyte", Arrays.copyOf(full, 1000));
    assertEquals("t10k-images-idx3-ubyte: truncated: header promises 7856 bytes, file has 1000",
        rejection(file, 3));
  }

  @Test
  void rejectsTruncatedGzipContent() throws IOException {
    byte[] full = images(10, 28, 28);
    Path file = write("t10k-images-idx3-ubyte.gz", gzip(Arrays.copyOf(full, 1000)));
    assertContains(rejection(file, 3), "truncated: header promises 7856 bytes");
  }

  @Test
  void rejectsFileEndingInsideHeader() throws IOException {
    assertContains(rejection(write("x", new byte[] {0, 0, 8, 3, 0, 0}), 3),
        "truncated: ends inside the 16-byte header");
  }

  @Test
  void aGzipFileEndingInsideTheHeaderIsTruncated() throws IOException {
    assertEquals("g: truncated: ends inside the 16-byte header (gzip content ends early)",
        rejection(write("g", gzip(new byte[] {0, 0, 8, 3, 0, 0})), 3));
  }

  @Test
  void aFolderIsUnreadable() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("t10k-images-idx3-ubyte"));
    assertContains(rejection(folder, 3), "t10k-images-idx3-ubyte: unreadable: ");
  }

  @Test
  void aHeaderPromisingMoreThanAnArrayHoldsIsTooLarge() throws IOException {
    long size = 16 + 3L * 1000 * 1_000_000;
    Path file = IdxFiles.sparse(dir.resolve("train-images-idx3-ubyte"),
        idx(new int[] {3, 1000, 1_000_000}, new byte[0]), size);
    assertEquals("train-images-idx3-ubyte: too large: header promises " + size
        + " bytes, at most " + IdxReader.MAX_PAYLOAD + " are supported", rejection(file, 3));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void rejectsTrailingData(boolean compressed) throws IOException {
    byte[] content = Arrays.copyOf(images(2, 3, 3), 16 + 18 + 5);
    Path file = write("train-images-idx3-ubyte", compressed ? gzip(content) : content);
    assertContains(rejection(file, 3), "trailing data: header promises 34 bytes");
  }

  /** A damaged deflate stream that inflates past the header's size was called trailing data. */
  @Test
  void aDamagedGzipThatInflatesToMoreIsReportedBroken() throws IOException {
    byte[] gz = gzip(Arrays.copyOf(images(2, 3, 3), 16 + 18 + 5));
    gz[gz.length - 8] ^= 1; // the trailer's CRC-32: the stream now fails its check at its end
    Path file = write("train-images-idx3-ubyte.gz", gz);

    assertEquals("train-images-idx3-ubyte.gz: broken gzip: the content's CRC-32 differs from the"
        + " one in the gzip trailer", rejection(file, 3));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void headerClaimingBillionImagesFailsFast(boolean compressed) throws IOException {
    byte[] content = idx(new int[] {1_000_000_000, 28, 28}, new byte[784 * 5]);
    Path file = write("train-images-idx3-ubyte", compressed ? gzip(content) : content);
    assertContains(rejection(file, 3), "truncated: header promises 784000000016 bytes");
  }

  @Test
  void headerClaimingOverflowingSizeFailsFast() throws IOException {
    int max = Integer.MAX_VALUE;
    Path file = write("x", idx(new int[] {max, max, max}, new byte[8]));
    assertContains(rejection(file, 3), "truncated: header promises more than");
  }

  /** A raw body is read into one array, not assembled from pieces (twice its size at peak). */
  @Test
  void aRawBodyIsReadIntoOneArray() throws IOException {
    int payload = 8 << 20;
    Path file = write("train-images-idx3-ubyte", idx(new int[] {8, 1024, 1024}, new byte[payload]));

    long allocated = allocatedBy(() -> IdxReader.read(file, 3));

    assertTrue(allocated < payload + (1 << 20), "allocated " + allocated + " bytes");
  }

  @Test
  void aRawFileThatEndsWhileItsRestIsSkippedChangedWhileBeingRead() {
    Path file = dir.resolve("train-images-idx3-ubyte");

    IdxFormatException e = assertThrows(IdxFormatException.class,
        () -> IdxReader.skipFully(file, new ByteArrayInputStream(new byte[3]), 4));

    assertEquals("train-images-idx3-ubyte: changed while being read", e.getMessage());
  }

  @Test
  void aRawFileThatEndsBeforeItsHeaderSaidChangedWhileBeingRead() throws IOException {
    Path file = dir.resolve("train-images-idx3-ubyte");
    InputStream shorter = new ByteArrayInputStream(new byte[3]);

    IdxFormatException e = assertThrows(IdxFormatException.class,
        () -> IdxBody.BYTES.fromStream(file, new int[] {4}, shorter, 4));

    assertEquals("train-images-idx3-ubyte: changed while being read", e.getMessage());
  }

  @Test
  void aBodyThatDoesNotFitTheHeapIsRefusedFromItsHeader() throws IOException {
    Path file = IdxFiles.sparse(dir.resolve("t10k-images-idx3-ubyte"),
        idx(new int[] {1, 40000, 40000}, new byte[0]), 16 + 40000L * 40000);
    HeapBudget heap = new HeapBudget(() -> 1L << 30, 2L << 30);

    IdxFormatException e = assertThrows(IdxFormatException.class,
        () -> IdxReader.read(file, 3, IdxHeaderCheck.NONE, heap));

    assertEquals("t10k-images-idx3-ubyte: too large for the Java heap: loading 1 image of"
        + " 40000x40000 needs 1,526 MB, but the heap can give only 1,024 MB more (limit 2,048"
        + " MB): give Java more heap (-Xmx)", e.getMessage());
    Files.delete(file);
  }

  @Test
  void whatTheCallerAddsCountsAgainstTheHeapAndItsCheckComesFirst() throws IOException {
    Path file = write("labels", labels(new int[10]));
    HeapBudget heap = new HeapBudget(() -> 50, 50);

    assertEquals(10, IdxReader.read(file, 1, (f, dims) -> 40, heap).dim(0));
    assertContains(assertThrows(IdxFormatException.class,
            () -> IdxReader.read(file, 1, (f, dims) -> 41, heap)).getMessage(),
        "labels: too large for the Java heap: loading 10 labels needs 51 bytes, but the heap can"
            + " give only 50 bytes more");
    IdxFormatException refused = new IdxFormatException(file, "not wanted");
    assertSame(refused, assertThrows(IdxFormatException.class, () -> IdxReader.read(file, 1,
        (f, dims) -> {
          throw refused;
        }, new HeapBudget(() -> 0, 0))));
  }

  @Test
  void aGzipBodyNeedsItsGrowingBufferToFit() throws IOException {
    int payload = 3 << 20;
    byte[] content = idx(new int[] {payload}, randomBytes(payload));
    Path raw = write("raw", content);
    Path compressed = write("compressed", gzip(content));
    HeapBudget fourMb = new HeapBudget(() -> 4 << 20, 4 << 20);

    assertEquals(payload, IdxReader.read(raw, 1, IdxHeaderCheck.NONE, fourMb).dim(0));
    assertContains(assertThrows(IdxFormatException.class,
            () -> IdxReader.read(compressed, 1, IdxHeaderCheck.NONE, fourMb)).getMessage(),
        "compressed: too large for the Java heap: loading 3145728 labels needs 5 MB");
    HeapBudget fiveMb = new HeapBudget(() -> 5 << 20, 5 << 20);
    assertEquals(payload, IdxReader.read(compressed, 1, IdxHeaderCheck.NONE, fiveMb).dim(0));
  }

  @Test
  void growthPeakIsTheOldAndTheNewBufferAtTheLastDoubling() {
    long mb = 1 << 20;
    assertEquals(100, IdxReader.growthPeak(100));
    assertEquals(mb, IdxReader.growthPeak(mb));
    assertEquals(2 * mb + 1, IdxReader.growthPeak(mb + 1));
    assertEquals(5 * mb, IdxReader.growthPeak(3 * mb));
    assertEquals(6 * mb, IdxReader.growthPeak(4 * mb));
  }

  /**
   * A small gzip file whose header promises far more than it holds (yet no more than its size
   * could hold) fails as truncated having allocated about what arrived, not what was promised.
   */
  @Test
  void aLyingCountInGzipFailsWithoutAllocatingThePromise() throws IOException {
    byte[] content = idx(new int[] {100, 1000, 1000}, randomBytes(200_000));
    Path file = write("train-images-idx3-ubyte.gz", gzip(content));
    assertTrue(Files.size(file) * IdxReader.MAX_GZIP_RATIO > 100_000_000L, "within the ratio");

    String[] message = new String[1];
    long allocated = allocatedBy(() -> message[0] = rejection(file, 3));

    assertEquals("train-images-idx3-ubyte.gz: truncated: header promises 100000016 bytes, gzip"
        + " content has 200016", message[0]);
    assertTrue(allocated < 10_000_000, "allocated " + allocated + " bytes");
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new Random(n).nextBytes(bytes);
    return bytes;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 8, 19, 30, 100_000})
  void rejectsDataAfterTheGzipStream(int garbage) throws IOException {
    byte[] compressed = gzip(images(2, 3, 3));
    byte[] withGarbage = Arrays.copyOf(compressed, compressed.length + garbage);
    Arrays.fill(withGarbage, compressed.length, withGarbage.length, (byte) 0x1f);

    assertEquals("t10k-images-idx3-ubyte.gz: broken gzip: trailing data after the gzip stream",
        rejection(write("t10k-images-idx3-ubyte.gz", withGarbage), 3));
  }

  @Test
  void readsConcatenatedGzipMembersAsOneContent() throws IOException {
    byte[] content = images(3, 2, 4);
    byte[] first = gzip(Arrays.copyOf(content, 20));
    byte[] second = gzip(Arrays.copyOfRange(content, 20, content.length));
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);

    IdxData data = IdxReader.read(write("images.gz", both), 3);

    assertArrayEquals(Arrays.copyOfRange(content, 16, content.length), data.data());
  }

  @Test
  void rejectsBrokenGzip() throws IOException {
    byte[] compressed = gzip(images(20, 8, 8));
    for (int i = 20; i < compressed.length - 8; i += 3) {
      compressed[i] ^= 0x5a;
    }
    assertContains(rejection(write("train-images-idx3-ubyte.gz", compressed), 3),
        "broken gzip");
  }

  @Test
  void rejectsGzipWithBadChecksumTrailerInWords() throws IOException {
    byte[] compressed = gzip(images(2, 2, 2));
    compressed[compressed.length - 6] ^= 1;
    assertEquals("x.gz: broken gzip: the content's CRC-32 differs from the one in the gzip"
        + " trailer", rejection(write("x.gz", compressed), 3));
  }

  @Test
  void rejectsGzipMagicOnlyInWords() throws IOException {
    assertEquals("x.gz: broken gzip: the data ends early",
        rejection(write("x.gz", new byte[] {0x1f, (byte) 0x8b}), 3));
  }

  @ParameterizedTest
  @ValueSource(ints = {12, 30, 8})
  void rejectsGzipCutShortInWords(int cutFromEnd) throws IOException {
    byte[] compressed = gzip(images(20, 8, 8));
    Path file = write("t10k-images-idx3-ubyte.gz",
        Arrays.copyOf(compressed, compressed.length - cutFromEnd));
    assertEquals("t10k-images-idx3-ubyte.gz: broken gzip: the data ends early",
        rejection(file, 3));
  }

  @Test
  void rejectsEmptyFile() throws IOException {
    assertEquals("train-labels-idx1-ubyte: empty file",
        rejection(write("train-labels-idx1-ubyte", new byte[0]), 1));
  }

  @Test
  void rejectsMissingFile() {
    String message = rejection(dir.resolve("t10k-labels-idx1-ubyte"), 1);
    assertContains(message, "t10k-labels-idx1-ubyte: missing: no such file ", dir.toString());
  }
}
