package dev.lamina.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private List<String> names() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void replacesTheTargetWithTheWholeContent() throws IOException {
    Path target = Files.writeString(dir.resolve("labels"), "old");

    AtomicFiles.write(target, out -> out.write(new byte[] {1, 2, 3}));

    assertEquals(List.of("labels"), names());
    assertEquals(3, Files.size(target));
  }

  @Test
  void aFailureLeavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path target = Files.writeString(dir.resolve("labels"), "old");

    assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
      out.write(new byte[70_000]);
      throw new IOException("connection reset");
    }));

    assertEquals(List.of("labels"), names());
    assertEquals("old", Files.readString(target));
  }
}
