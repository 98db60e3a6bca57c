package dev.lamina.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
  void aNameNearTheFileSystemsLimitIsWritten() throws IOException {
    String name = "m".repeat(246) + ".lmf";
    Path target = dir.resolve(name);

    AtomicFiles.write(target, out -> out.write("model".getBytes(StandardCharsets.UTF_8)));

    assertEquals("model", Files.readString(target));
    assertEquals(List.of(name), names());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 20, 42, 43, 64, 100, 233, 234, 255})
  void theTemporaryNameIsNeverLongerThanTheNameOr64Bytes(int length) {
    for (String unit : new String[] {"a", "é", "語", "😀"}) {
      String name = unit.repeat(length / unit.getBytes(StandardCharsets.UTF_8).length + 1);
      String temp = AtomicFiles.tempName(name, "0123456789abcdef");

      int limit = Math.max(name.getBytes(StandardCharsets.UTF_8).length, 64);
      assertTrue(temp.getBytes(StandardCharsets.UTF_8).length <= limit, temp);
      assertTrue(temp.length() <= Math.max(name.length(), 64), "UTF-16 units: " + temp);
      assertTrue(temp.startsWith("." + name.substring(0, Math.min(name.length(), 8))), temp);
      assertTrue(temp.endsWith(".0123456789abcdef.tmp"), temp);
      assertTrue(temp.codePoints().noneMatch(c -> c >= 0xd800 && c <= 0xdfff), "whole: " + temp);
    }
  }

  @Test
  void aShortNameIsKeptWholeInTheTemporaryName() {
    assertEquals(".report.json.0123456789abcdef.tmp",
        AtomicFiles.tempName("report.json", "0123456789abcdef"));
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

  @Test
  void aFolderOrALinkToOneIsNotReplaced() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("folder"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), folder);

    NotRegularFileException onFolder = assertThrows(NotRegularFileException.class,
        () -> AtomicFiles.write(folder, out -> out.write(1)));
    NotRegularFileException onLink = assertThrows(NotRegularFileException.class,
        () -> AtomicFiles.write(link, out -> out.write(1)));

    assertEquals(folder.toString(), onFolder.getFile());
    assertEquals("it is a folder, not a regular file", onFolder.getReason());
    assertEquals(link.toString(), onLink.getFile());
    assertTrue(Files.isSymbolicLink(link), "the link is still there");
    assertEquals(List.of("folder", "link"), names());
  }

  @Test
  void aNamedPipeIsNotReplacedNorOpened() throws IOException, InterruptedException {
    Path fifo = mkfifo(dir.resolve("fifo"));
    List<String> written = new ArrayList<>();

    NotRegularFileException e = assertThrows(NotRegularFileException.class,
        () -> AtomicFiles.write(fifo, out -> written.add("content")));

    assertEquals(fifo.toString(), e.getFile());
    assertEquals("it is a named pipe (FIFO), not a regular file", e.getReason());
    assertEquals(List.of(), written, "refused before the content was asked for");
    assertTrue(Files.exists(fifo) && !Files.isRegularFile(fifo), "still the pipe");
    assertEquals(List.of("fifo"), names());
    assertThrows(NotRegularFileException.class, () -> AtomicFiles.checkWritable(fifo));
  }

  /** A named pipe made by {@code mkfifo}; the test is skipped where there is none. */
  static Path mkfifo(Path path) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    } catch (IOException e) {
      assumeTrue(false, "no mkfifo here: " + e.getMessage());
      throw e;
    }
    assumeTrue(process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0, "mkfifo failed");
    return path;
  }

  @Test
  void theCheckRefusesADevice() {
    // only the check, which never writes: a write to /dev/null as root would replace it
    Path devNull = Path.of("/dev/null");
    assumeTrue(Files.exists(devNull) && !Files.isRegularFile(devNull), "needs /dev/null");

    NotRegularFileException e =
        assertThrows(NotRegularFileException.class, () -> AtomicFiles.checkWritable(devNull));

    assertEquals("/dev/null", e.getFile());
    assertEquals("it is a device, not a regular file", e.getReason());
  }

  @Test
  void aLinkToARegularFileIsReplacedAndItsFileLeftAlone() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "old");
    Path link = Files.createSymbolicLink(dir.resolve("link"), file);

    AtomicFiles.write(link, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));

    assertFalse(Files.isSymbolicLink(link));
    assertEquals("new", Files.readString(link));
    assertEquals("old", Files.readString(file));
  }

  @Test
  void theCheckCreatesATemporaryFileAsLongAsTheWritesAndLeavesNothing() throws IOException {
    Path longest = dir.resolve("m".repeat(251) + ".lmf"); // 255 bytes: the usual limit
    Path tooLong = dir.resolve("m".repeat(252) + ".lmf");

    AtomicFiles.checkWritable(longest);
    AtomicFiles.checkWritable(dir.resolve("r.json"));
    FileSystemException e =
        assertThrows(FileSystemException.class, () -> AtomicFiles.checkWritable(tooLong));

    assertTrue(e.getFile().startsWith(dir.resolve(".mmmm").toString()), e.getFile());
    assertEquals(List.of(), names());
    assertThrows(FileSystemException.class, () -> AtomicFiles.write(tooLong, out -> out.write(1)));
  }

  @Test
  void theShutdownHookDeletesATemporaryFileInFlightThenRunsTheCleanups() throws IOException {
    Path target = Files.writeString(dir.resolve("model.lmf"), "old");
    List<List<String>> seenByCleanup = new ArrayList<>();
    AtomicFiles.ShutdownCleanup cleanup =
        AtomicFiles.atShutdown(() -> seenByCleanup.add(unchecked(this::names)));
    AtomicFiles.ShutdownCleanup cancelled =
        AtomicFiles.atShutdown(() -> seenByCleanup.add(List.of("cancelled, yet run")));
    cancelled.cancel();
    List<List<String>> duringWrite = new ArrayList<>();

    assertThrows(NoSuchFileException.class, () -> AtomicFiles.write(target, out -> {
      out.write("new".getBytes(StandardCharsets.UTF_8));
      duringWrite.add(names());
      AtomicFiles.cleanUpAtShutdown(0); // as if the JVM were shutting down now, no grace
      duringWrite.add(names());
    }));

    assertEquals(2, duringWrite.get(0).size(), "the temporary file: " + duringWrite);
    assertEquals(List.of("model.lmf"), duringWrite.get(1));
    assertEquals(List.of(List.of("model.lmf")), seenByCleanup, "ran once, after the deletion");
    assertEquals("old", Files.readString(target));
    cleanup.cancel();
  }

  @Test
  void theShutdownHookLeavesFinishedWritesAlone() throws IOException {
    Path target = dir.resolve("report.json");
    AtomicFiles.write(target, out -> out.write("done".getBytes(StandardCharsets.UTF_8)));
    AtomicFiles.checkWritable(dir.resolve("other.json"));

    AtomicFiles.cleanUpAtShutdown(0);

    assertEquals("done", Files.readString(target));
    assertEquals(List.of("report.json"), names());
  }

  /** Another shutdown hook, or the main thread, saving as Ctrl-C arrives keeps its file. */
  @Test
  void theShutdownHookLetsAWriteInFlightFinishWithinItsGrace() throws Exception {
    Path target = Files.writeString(dir.resolve("model.lmf"), "old");
    java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CompletableFuture<Void> save =
        java.util.concurrent.CompletableFuture.runAsync(() -> unchecked(() -> {
          AtomicFiles.write(target, out -> {
            writing.countDown();
            out.write("new".getBytes(StandardCharsets.UTF_8));
            try {
              Thread.sleep(200);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
          return null;
        }));
    writing.await();

    AtomicFiles.cleanUpAtShutdown(AtomicFiles.SHUTDOWN_GRACE_NANOS);

    save.get();
    assertEquals("new", Files.readString(target));
    assertEquals(List.of("model.lmf"), names());
  }

  private interface IoSupplier<T> {
    T get() throws IOException;
  }

  private static <T> T unchecked(IoSupplier<T> supplier) {
    try {
      return supplier.get();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
