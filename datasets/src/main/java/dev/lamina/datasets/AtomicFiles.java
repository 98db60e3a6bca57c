package dev.lamina.datasets;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
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
 * system cannot move atomically). The temporary file is {@code .NAME.RANDOM.tmp}, NAME cut short
 * for a long target name so that any name the file system takes also works here ({@link
 * #tempName}). A crash leaves the old file or the new one, never half of one;
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
  /** A temporary name may always be this long (in bytes); every common file system takes 255. */
  static final int SHORT_NAME = 64;
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
      Path temp = target.resolveSibling(
          tempName(target.getFileName().toString(), HexFormat.of().formatHex(random)));
      try {
        Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
            .close();
        return temp;
      } catch (FileAlreadyExistsException e) {
        // another writer's temporary file: draw another name
      }
    }
  }

  /**
   * {@code .NAME.RANDOM.tmp}, with NAME cut at a character boundary so that the result is no
   * longer than the longer of {@code name} and {@link #SHORT_NAME} (in UTF-8 bytes and in UTF-16
   * units alike): wherever {@code name} fits the file system's limit on names, so does this.
   */
  static String tempName(String name, String random) {
    String suffix = "." + random + ".tmp";
    int bytes = Math.max(utf8Length(name), SHORT_NAME) - 1 - suffix.length();
    int units = Math.max(name.length(), SHORT_NAME) - 1 - suffix.length();
    int end = 0;
    while (end < name.length()) {
      int next = name.offsetByCodePoints(end, 1);
      if (next > units || utf8Length(name.substring(0, next)) > bytes) {
        break;
      }
      end = next;
    }
    return "." + name.substring(0, end) + suffix;
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
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

  /**
   * Whether {@code a} and {@code b} name one file, so that writing one replaces the other: as files
   * when both exist (a hard or symbolic link to a file is that file), else by their absolute paths
   * with the folders resolved to the real ones where they exist ({@code run.lmf}, {@code
   * ./run.lmf} and a path through a linked folder are one file).
   */
  public static boolean sameTarget(Path a, Path b) {
    try {
      if (Files.exists(a) && Files.exists(b)) {
        return Files.isSameFile(a, b);
      }
    } catch (IOException e) {
      // compared by name below
    }
    return canonical(a).equals(canonical(b));
  }

  /** {@code file}'s absolute path with its folder resolved to the real one where it exists. */
  private static Path canonical(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    Path folder = absolute.getParent();
    if (folder == null || absolute.getFileName() == null) {
      return absolute;
    }
    try {
      return folder.toRealPath().resolve(absolute.getFileName());
    } catch (IOException e) {
      return absolute;
    }
  }
}
