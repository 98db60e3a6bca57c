package dev.lamina.datasets;

import static dev.lamina.datasets.IdxFiles.gzip;
import static dev.lamina.datasets.IdxFiles.images;
import static dev.lamina.datasets.IdxFiles.labels;
import static dev.lamina.datasets.Messages.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void aCountMismatchIsFoundFromTheImagesHeaderBeforeTheirBody() throws IOException {
    byte[] huge = IdxFiles.idx(new int[] {10_000_000, 28, 28}, new byte[28 * 28]);
    Path images = Files.write(dir.resolve("t10k-images-idx3-ubyte"), huge);
    Path labels = Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(1, 2));

    IdxFormatException e = assertThrows(IdxFormatException.class,
        () -> IdxDatasets.read(images, labels, 10));

    assertEquals("t10k-labels-idx1-ubyte: count mismatch: 2 labels, but t10k-images-idx3-ubyte"
        + " holds 10000000 images", e.getMessage());
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
