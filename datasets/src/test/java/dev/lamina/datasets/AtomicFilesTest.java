package dev.lamina.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
  void writesANewFileAndReplacesAnOldOne() throws IOException {
    Path target = dir.resolve("report.json");

    AtomicFiles.write(target, out -> out.write("first".getBytes(StandardCharsets.UTF_8)));
    AtomicFiles.write(target, out -> out.write("second".getBytes(StandardCharsets.UTF_8)));

    assertEquals("second", Files.readString(target));
    assertEquals(List.of("report.json"), names());
  }

  @Test
  void theFileGetsTheUsualPermissionsNotThoseOfATempFile() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Path usual = Files.createFile(dir.resolve("usual"));
    Path target = dir.resolve("written");

    AtomicFiles.write(target, out -> out.write(1));

    assertEquals(Files.getPosixFilePermissions(usual), Files.getPosixFilePermissions(target));
    assertNotEquals(
        PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(target));
  }

  @Test
  void aFailureLeavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path target = Files.writeString(dir.resolve("model.lmf"), "old");
    IOException failure = new IOException("disk full");

    IOException thrown =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.write(
                    target,
                    out -> {
                      out.write(new byte[100_000]);
                      throw failure;
                    }));

    assertSame(failure, thrown);
    assertEquals("old", Files.readString(target));
    assertEquals(List.of("model.lmf"), names());
  }

  @Test
  void aFailureBeforeTheFirstSaveLeavesNothing() throws IOException {
    assertThrows(
        IllegalStateException.class,
        () ->
            AtomicFiles.write(
                dir.resolve("new.lmf"),
                out -> {
                  throw new IllegalStateException("encoder bug");
                }));

    assertEquals(List.of(), names());
  }

  @Test
  void aFileWhereTheFolderShouldBeIsNamed() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");

    NotDirectoryException e = assertThrows(NotDirectoryException.class,
        () -> AtomicFiles.write(file.resolve("model.lmf"), out -> out.write(1)));
    assertEquals(file.toAbsolutePath().toString(), e.getFile());
    assertEquals(List.of("file"), names());
  }

  @Test
  void theRootIsNotAPathToAFile() {
    Path root = dir.getRoot();

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AtomicFiles.write(root, out -> out.write(1)));
    assertEquals(root + " is not a path to a file", e.getMessage());
  }

  @Test
  void aMissingFolderIsNamedAndNothingIsCreated() throws IOException {
    Path target = dir.resolve("no/such/folder/file.bin");

    NoSuchFileException e = assertThrows(
        NoSuchFileException.class, () -> AtomicFiles.write(target, out -> out.write(1)));
    assertEquals(target.getParent().toAbsolutePath().toString(), e.getFile());
    assertEquals(List.of(), names());
  }
}
