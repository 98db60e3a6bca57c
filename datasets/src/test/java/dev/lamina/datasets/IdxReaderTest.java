package dev.lamina.datasets;

import static dev.lamina.datasets.IdxFiles.gzip;
import static dev.lamina.datasets.IdxFiles.idx;
import static dev.lamina.datasets.IdxFiles.images;
import static dev.lamina.datasets.IdxFiles.labels;
import static dev.lamina.datasets.Messages.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
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

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void rejectsTrailingData(boolean compressed) throws IOException {
    byte[] content = Arrays.copyOf(images(2, 3, 3), 16 + 18 + 5);
    Path file = write("train-images-idx3-ubyte", compressed ? gzip(content) : content);
    assertContains(rejection(file, 3), "trailing data: header promises 34 bytes");
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

  /** The bytes this thread allocates while {@code work} runs. */
  private static long allocatedBy(Executable work) {
    assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(threads.isThreadAllocatedMemorySupported()
        && threads.isThreadAllocatedMemoryEnabled());
    long before = threads.getCurrentThreadAllocatedBytes();
    assertDoesNotThrow(work);
    return threads.getCurrentThreadAllocatedBytes() - before;
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
  void rejectsGzipWithBadChecksumTrailerInTheJdksWords() throws IOException {
    byte[] compressed = gzip(images(2, 2, 2));
    compressed[compressed.length - 6] ^= 1;
    assertEquals("x.gz: broken gzip: Corrupt GZIP trailer",
        rejection(write("x.gz", compressed), 3));
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
