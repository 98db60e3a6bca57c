package dev.lamina.datasets;

import static dev.lamina.datasets.Allocations.allocatedBy;
import static dev.lamina.datasets.IdxFiles.gzip;
import static dev.lamina.datasets.IdxFiles.images;
import static dev.lamina.datasets.IdxFiles.labels;
import static dev.lamina.datasets.Messages.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxDatasetsTest {
  @TempDir Path dir;

  @Test
  void readsImagesScaledToUnitRangeWithLabels() throws IOException {
    Path images = Files.write(dir.resolve("i"), gzip(images(3, 2, 2)));
    Path labels = Files.write(dir.resolve("l"), labels(7, 0, 9));

    Dataset d = IdxDatasets.read(images, labels, 10);

    assertEquals(Shape.of(3, 1, 2, 2), d.features().shape());
    assertArrayEquals(new int[] {7, 0, 9}, d.labels());
    assertEquals(0f, d.features().getFlat(0));
    assertEquals(5 / 255f, d.features().getFlat(4 * 2 + 3));
  }

  @Test
  void fullRangePixelsMapToZeroAndOne() throws IOException {
    byte[] content = IdxFiles.idx(new int[] {1, 1, 2}, new byte[] {0, (byte) 255});
    Path images = Files.write(dir.resolve("i"), content);
    Dataset d = IdxDatasets.read(images, Files.write(dir.resolve("l"), labels(1)), 2);
    assertEquals(0f, d.features().getFlat(0));
    assertEquals(1f, d.features().getFlat(1));
  }

  @Test
  void rejectsCountMismatchNamingLabelFile() throws IOException {
    Path images = Files.write(dir.resolve("t10k-images-idx3-ubyte"), images(3, 2, 2));
    Path labels = Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(1, 2));

    IdxFormatException e = assertThrows(IdxFormatException.class,
        () -> IdxDatasets.read(images, labels, 10));

    assertEquals("t10k-labels-idx1-ubyte: count mismatch: 2 labels, but t10k-images-idx3-ubyte"
        + " holds 3 images", e.getMessage());
  }

  @Test
  void rejectsLabelOutOfRange() throws IOException {
    Path images = Files.write(dir.resolve("i"), images(3, 2, 2));
    Path labels = Files.write(dir.resolve("train-labels-idx1-ubyte"), labels(1, 10, 2));

    IdxFormatException e = assertThrows(IdxFormatException.class,
        () -> IdxDatasets.read(images, labels, 10));

    assertEquals("train-labels-idx1-ubyte: label 10 of sample 1 is outside [0, 10)",
        e.getMessage());
  }

  @Test
  void aLabelOutOfRangeIsReportedBeforeTheImagesAreOpened() throws IOException {
    Path labels = Files.write(dir.resolve("train-labels-idx1-ubyte"), labels(1, 10, 2));

    IdxFormatException e = assertThrows(IdxFormatException.class,
        () -> IdxDatasets.read(dir.resolve("no-such-images"), labels, 10));

    assertEquals("train-labels-idx1-ubyte: label 10 of sample 1 is outside [0, 10)",
        e.getMessage());
  }

  @Test
  void aLimitKeepsTheFirstSamplesExactlyAsTheWholeReadHasThem() throws IOException {
    Path images = Files.write(dir.resolve("i"), images(3, 2, 2));
    Path labels = Files.write(dir.resolve("l"), labels(7, 0, 9));
    Dataset whole = IdxDatasets.read(images, labels, 10);

    Dataset two = IdxDatasets.read(images, labels, 10, 2);
    Dataset beyond = IdxDatasets.read(images, labels, 10, 5);

    assertEquals(Shape.of(2, 1, 2, 2), two.features().shape());
    assertEquals(2 * 2 * 2, two.features().data().length, "only two images became floats");
    assertArrayEquals(whole.first(2).features().toArray(), two.features().toArray());
    assertArrayEquals(new int[] {7, 0}, two.labels());
    assertEquals(3, beyond.size(), "a limit past the end keeps them all");
    assertThrows(IllegalArgumentException.class, () -> IdxDatasets.read(images, labels, 10, 0));
  }

  @Test
  void theKeptSamplesFloatsCountAgainstTheHeapWithTheBytesReadWhole() throws IOException {
    Path images = Files.write(dir.resolve("t10k-images-idx3-ubyte"), images(3, 2, 2));
    Path labels = Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(7, 0, 9));
    int all = Integer.MAX_VALUE;

    assertEquals(3, read(images, labels, all, 12 + 3 * 4 * 4).size());
    assertEquals("t10k-images-idx3-ubyte: too large for the Java heap: loading 3 images of 2x2"
            + " needs 60 bytes, but the heap can give only 59 bytes more (limit 59 bytes): give"
            + " Java more heap (-Xmx)",
        assertThrows(IdxFormatException.class, () -> read(images, labels, all, 59)).getMessage());
    assertEquals(1, read(images, labels, 1, 12 + 4 * 4).size());
    assertContains(
        assertThrows(IdxFormatException.class, () -> read(images, labels, 1, 27)).getMessage(),
        "loading 3 images of 2x2 needs 28 bytes");
  }

  @Test
  void manyLabelsAreRefusedFromTheHeaderAndOnlyTheKeptBecomeInts() throws IOException {
    Path images = Files.write(dir.resolve("t10k-images-idx3-ubyte"), images(1, 2, 2));
    Path labels = Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(new int[1000]));

    assertContains(
        assertThrows(IdxFormatException.class, () -> read(images, labels, 1, 1003)).getMessage(),
        "t10k-labels-idx1-ubyte: too large for the Java heap: loading 1000 labels needs 1,004"
            + " bytes");
    assertContains(
        assertThrows(IdxFormatException.class, () -> read(images, labels, 1, 1004)).getMessage(),
        "t10k-labels-idx1-ubyte: count mismatch: 1000 labels, but t10k-images-idx3-ubyte holds"
            + " 1 images");
  }

  /** A raw images file whose header lies about its count once had the labels file blamed. */
  @Test
  void anImagesHeaderLyingAboutItsCountIsThatFilesDefect() throws IOException {
    byte[] huge = IdxFiles.idx(new int[] {10_000_000, 28, 28}, new byte[28 * 28]);
    Path images = Files.write(dir.resolve("t10k-images-idx3-ubyte"), huge);
    Path labels = Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(1, 2));

    IdxFormatException e = assertThrows(IdxFormatException.class,
        () -> IdxDatasets.read(images, labels, 10));

    assertEquals("t10k-images-idx3-ubyte: truncated: header promises 7840000016 bytes, file"
        + " has 800", e.getMessage());
  }

  @Test
  void aCountMismatchIsFoundFromTheImagesHeaderBeforeTheirBody() throws IOException {
    byte[] many = IdxFiles.gzip(IdxFiles.idx(new int[] {10_000, 28, 28},
        new byte[10_000 * 28 * 28]));
    Path images = Files.write(dir.resolve("t10k-images-idx3-ubyte.gz"), many);
    Path labels = Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(1, 2));
    HeapBudget tiny = new HeapBudget(() -> 1 << 16, 1 << 16); // the body would not fit

    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxDatasets.read(
        images, labels, 10, Integer.MAX_VALUE, IdxHeaderCheck.NONE, tiny));

    assertEquals("t10k-labels-idx1-ubyte: count mismatch: 2 labels, but"
        + " t10k-images-idx3-ubyte.gz holds 10000 images", e.getMessage());
  }

  /**
   * A raw file's pixels become floats piece by piece: the load allocates the kept floats and a
   * piece buffer, never the body's bytes whole; gzip and raw files give the same features, also
   * when the kept images end inside a piece.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 83, 90, 170, 1000})
  void rawPixelsBecomeFloatsWithoutHoldingTheirBytes(int limit) throws IOException {
    byte[] content = images(1000, 28, 28);
    Path raw = Files.write(dir.resolve("raw"), content);
    Path compressed = Files.write(dir.resolve("compressed"), gzip(content));
    Path labels = Files.write(dir.resolve("l"), labels(new int[1000]));
    Dataset[] read = new Dataset[1];

    long allocated = allocatedBy(() -> read[0] = IdxDatasets.read(raw, labels, 10, limit));

    float[] features = read[0].features().toArray();
    assertEquals(limit * 784, features.length);
    for (int i = 0; i < features.length; i++) {
      assertEquals((content[16 + i] & 0xff) / 255f, features[i], "pixel " + i);
    }
    // the floats, the piece, two files' stream buffers and small change; the body is 784,000
    long expected = 4L * features.length + 3L * IdxReader.PIECE + 50_000;
    assertTrue(allocated < expected, "allocated " + allocated + " bytes, expected < " + expected);
    assertArrayEquals(features,
        IdxDatasets.read(compressed, labels, 10, limit).features().toArray());
  }

  @Test
  void rawImagesNeedTheirFloatsAndOnePieceOfTheHeapNotTheirBytesWhole() throws IOException {
    Path images = Files.write(dir.resolve("t10k-images-idx3-ubyte"), images(100, 28, 28));
    Path labels = Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(new int[100]));
    long floats = 4 * 784;
    long needed = Math.max(100 + 4, floats + IdxReader.PIECE);

    assertEquals(1, read(images, labels, 1, needed).size());
    assertContains(assertThrows(IdxFormatException.class,
            () -> read(images, labels, 1, needed - 1)).getMessage(),
        "t10k-images-idx3-ubyte: too large for the Java heap: loading 100 images of 28x28 needs"
            + " 68,672 bytes");
  }

  private static Dataset read(Path images, Path labels, int limit, long heapBytes)
      throws IdxFormatException {
    HeapBudget heap = new HeapBudget(() -> heapBytes, heapBytes);
    return IdxDatasets.read(images, labels, 10, limit, IdxHeaderCheck.NONE, heap);
  }

  @Test
  void aLimitStillChecksEveryLabel() throws IOException {
    Path images = Files.write(dir.resolve("i"), images(3, 2, 2));
    Path labels = Files.write(dir.resolve("train-labels-idx1-ubyte"), labels(1, 2, 10));

    IdxFormatException e = assertThrows(IdxFormatException.class,
        () -> IdxDatasets.read(images, labels, 10, 1));

    assertEquals("train-labels-idx1-ubyte: label 10 of sample 2 is outside [0, 10)",
        e.getMessage());
  }
}
