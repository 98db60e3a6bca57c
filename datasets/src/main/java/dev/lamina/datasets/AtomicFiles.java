package dev.lamina.datasets;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Writes a file completely or not at all: the content goes to a new temporary file in the
 * target's folder (created like any other file, so its permissions follow the umask, not the 0600
 * of {@code Files.createTempFile}), which is forced to disk and then renamed over the target
 * ({@code ATOMIC_MOVE}, replacing an existing file; a plain replacing move only where the file
 * system cannot move atomically). A crash leaves the old file or the new one, never half of one;
 * on any failure the temporary file is removed and the target is left as it was.
 *
 * <p>It lives here, in the lowest module that writes files (the dataset cache), so that the
 * training module's model files and the command line's reports share this one implementation.
 *
 * <pre>{@code
 * AtomicFiles.write(Path.of("report.json"), out -> out.write(json));
 * }</pre>
 */
public final class AtomicFiles {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Writes a file's content to a stream (which it must not close). */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * Replaces {@code target} with what {@code content} writes. The target's folder must exist (a
   * {@link NoSuchFileException} naming the folder otherwise; a {@link NotDirectoryException} when
   * it is a file). Any exception from {@code content} is passed on after the temporary file is
   * removed.
   */
  public static void write(Path target, Content content) throws IOException {
    checkNotNull(target, "target");
    checkNotNull(content, "content");
    Path absolute = target.toAbsolutePath();
    Path folder = absolute.getParent();
    checkArgument(folder != null, "%s is not a path to a file", target);
    if (Files.isRegularFile(folder)) {
      throw new NotDirectoryException(folder.toString());
    }
    if (!Files.isDirectory(folder)) {
      throw new NoSuchFileException(folder.toString(), null,
          "the folder of " + target.getFileName() + " does not exist");
    }
    Path temp = createTemp(absolute);
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        content.writeTo(out);
        out.flush();
        channel.force(true);
      }
      move(temp, absolute);
    } finally {
      Files.deleteIfExists(temp);
    }
    syncFolder(absolute.getParent());
  }

  /** A new empty file with a random name next to {@code target}, with the default permissions. */
  private static Path createTemp(Path target) throws IOException {
    byte[] random = new byte[8];
    while (true) {
      RANDOM.nextBytes(random);
      Path temp =
          target.resolveSibling(
              "." + target.getFileName() + "." + HexFormat.of().formatHex(random) + ".tmp");
      try {
        Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
            .close();
        return temp;
      } catch (FileAlreadyExistsException e) {
        // another writer's temporary file: draw another name
      }
    }
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Makes the rename durable where the platform can open a folder for syncing (Linux, macOS). */
  private static void syncFolder(Path folder) {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not supported here (e.g. Windows); the file itself is on disk
    }
  }
}
