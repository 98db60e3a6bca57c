package dev.lamina.training.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model files whose bytes cannot fit the heap are refused before they are read, naming the file,
 * its size and the heap's limit. The budget is the {@link HeapBudget} seam, so no test needs
 * gigabytes.
 */
class HeapBudgetTest {
  private static final HeapBudget HEAP_16_MB = new HeapBudget(16L << 20);
  private static final LayerRegistry REGISTRY = LayerRegistry.defaults();

  @TempDir Path dir;

  @Test
  void aFileLargerThanHalfTheHeapIsRefusedBeforeItIsRead() throws IOException {
    Path file = sparseModelFile("large.lmf", 40L << 20);

    ModelFileException e =
        assertThrows(
            ModelFileException.class,
            () -> ModelFiles.loadCheckpoint(file, REGISTRY, new HeapBudget(64L << 20)));

    assertEquals(
        file
            + ": the file is 40.0 MB; loading it needs at least twice that, more than the Java"
            + " heap's limit of 64.0 MB (give Java more heap with -Xmx)",
        e.getMessage());
  }

  @Test
  void aFileWithinHalfTheHeapIsReadAndChecked() throws IOException {
    Path file = sparseModelFile("zeros.lmf", 8L << 20);

    ModelFileException e =
        assertThrows(
            ModelFileException.class, () -> ModelFiles.loadCheckpoint(file, REGISTRY, HEAP_16_MB));

    assertTrue(e.getMessage().startsWith(file + ": checksum mismatch"), e.getMessage());
  }

  /** A file of {@code size} bytes: a valid magic and version, then zeros (sparse on disk). */
  private Path sparseModelFile(String name, long size) throws IOException {
    Path file = dir.resolve(name);
    byte[] head =
        ByteBuffer.allocate(ModelFormat.MAGIC.length + 4)
            .order(ByteOrder.LITTLE_ENDIAN)
            .put(ModelFormat.MAGIC)
            .putInt(ModelFormat.VERSION)
            .array();
    try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
      out.write(head);
      out.setLength(size);
    }
    assertEquals(size, Files.size(file));
    return file;
  }
}
