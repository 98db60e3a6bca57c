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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes a file completely or not at all: the content goes to a new temporary file in the
 * target's folder (created like any other file, so its permissions follow the umask, not the 0600
 * of {@code Files.createTempFile}), which is forced to disk and then renamed over the target
 * ({@code ATOMIC_MOVE}, replacing an existing file; a plain replacing move only where the file
 * system cannot move atomically). The temporary file is {@code .NAME.RANDOM.tmp}, NAME cut short
 * for a long target name so that any name the file system takes also works here ({@link
 * #tempName}). A crash leaves the old file or the new one, never half of one;
 * on any failure the temporary file is removed and the target is left as it was, and when the JVM
 * shuts down (Ctrl-C, SIGTERM) while a file is being written, a shutdown hook removes its
 * temporary file unless the write ends within two seconds ({@link #atShutdown} adds a cleanup of
 * the caller's to run after that).
 *
 * <p>Only a regular file is replaced: a target that exists and is anything else (a folder, a
 * device such as {@code /dev/null}, a named pipe, a socket, or a symbolic link to one of these) is
 * refused with a {@link NotRegularFileException}, before anything is written. A symbolic link to a
 * regular file, or one that points nowhere, is itself replaced by the new file; what it pointed to
 * is left alone.
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
  /** The temporary files created and not yet moved or deleted, which the shutdown hook deletes. */
  private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();
  /** The callers' cleanups, which the shutdown hook runs after deleting the temporary files. */
  private static final Set<ShutdownCleanup> AT_SHUTDOWN = ConcurrentHashMap.newKeySet();
  private static final AtomicBoolean HOOK_ADDED = new AtomicBoolean();
  /** How long the shutdown hook lets writes in flight finish before deleting their files. */
  static final long SHUTDOWN_GRACE_NANOS = 2_000_000_000L;

  /** Writes a file's content to a stream (which it must not close). */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** A cleanup added with {@link #atShutdown}. */
  public static final class ShutdownCleanup {
    private final Runnable cleanup;

    private ShutdownCleanup(Runnable cleanup) {
      this.cleanup = cleanup;
    }

    /** Drops the cleanup: it will not run at shutdown. Cancelling twice does nothing. */
    public void cancel() {
      AT_SHUTDOWN.remove(this);
    }
  }

  private AtomicFiles() {}

  /**
   * Replaces {@code target} with what {@code content} writes. The target's folder must exist (a
   * {@link NoSuchFileException} naming the folder otherwise; a {@link NotDirectoryException} when
   * it is a file). A target that exists but is not a regular file (nor a link to one) is refused
   * with a {@link NotRegularFileException} naming it, checked before the temporary file is created
   * and again just before it is moved over the target. Any exception from {@code content} is
   * passed on after the temporary file is removed.
   */
  public static void write(Path target, Content content) throws IOException {
    checkNotNull(content, "content");
    Path absolute = checkedTarget(target);
    Path temp = createTemp(absolute);
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        content.writeTo(out);
        out.flush();
        channel.force(true);
      }
      checkReplaceable(absolute);
      move(temp, absolute);
    } finally {
      deleteTemp(temp);
    }
    syncFolder(absolute.getParent());
  }

  /**
   * Checks, without touching {@code target}, that {@link #write} could write it now: that its
   * folder exists, that it is absent or a regular file (or a link to one), and that a file can be
   * created next to it under a name as long as {@code write}'s temporary file, which this creates
   * and deletes again. Throws what {@code write} would throw before any content is written, such as
   * {@link NotRegularFileException}, or the file system's refusal to create the file (a name too
   * long, permission denied).
   */
  public static void checkWritable(Path target) throws IOException {
    Path temp = createTemp(checkedTarget(target));
    deleteTemp(temp);
  }

  /**
   * Runs {@code cleanup} if the JVM shuts down before it is {@linkplain ShutdownCleanup#cancel
   * cancelled}, after the temporary files still being written are deleted; for example, to remove
   * a folder created for a file being written, which is empty only once its temporary file is gone.
   * A cleanup must be quick and must not wait for other threads; what it throws is ignored.
   */
  public static ShutdownCleanup atShutdown(Runnable cleanup) {
    checkNotNull(cleanup, "cleanup");
    ShutdownCleanup added = new ShutdownCleanup(cleanup);
    addShutdownHook();
    AT_SHUTDOWN.add(added);
    return added;
  }

  /** {@code target} made absolute, after the checks {@link #write} makes before writing. */
  private static Path checkedTarget(Path target) throws IOException {
    checkNotNull(target, "target");
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
    checkReplaceable(absolute);
    return absolute;
  }

  /** Refuses a {@code target} that exists (through links) and is not a regular file. */
  private static void checkReplaceable(Path target) throws NotRegularFileException {
    if (Files.exists(target) && !Files.isRegularFile(target)) {
      throw new NotRegularFileException(target.toString(), IoProblems.fileKind(target));
    }
  }

  /** A new empty file with a random name next to {@code target}, with the default permissions. */
  private static Path createTemp(Path target) throws IOException {
    byte[] random = new byte[8];
    while (true) {
      RANDOM.nextBytes(random);
      Path temp = target.resolveSibling(
          tempName(target.getFileName().toString(), HexFormat.of().formatHex(random)));
      addShutdownHook();
      try {
        Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
            .close();
      } catch (FileAlreadyExistsException e) {
        continue; // another writer's temporary file: draw another name
      }
      // only once created here: the hook must never delete another writer's file
      IN_FLIGHT.add(temp);
      return temp;
    }
  }

  /** Deletes {@code temp} if it is still there (it is not once moved) and forgets it. */
  private static void deleteTemp(Path temp) throws IOException {
    try {
      Files.deleteIfExists(temp);
    } finally {
      IN_FLIGHT.remove(temp);
    }
  }

  /** Adds the hook that runs {@link #cleanUpAtShutdown}, once, when first needed. */
  private static void addShutdownHook() {
    if (HOOK_ADDED.compareAndSet(false, true)) {
      try {
        Runtime.getRuntime().addShutdownHook(new Thread(
            () -> cleanUpAtShutdown(SHUTDOWN_GRACE_NANOS), "lamina-atomic-files-cleanup"));
      } catch (IllegalStateException e) {
        // already shutting down: a write now is cut short and removes its own temporary file
      }
    }
  }

  /**
   * What the shutdown hook runs: waits up to {@code graceNanos} for the writes in flight to end
   * (shutdown hooks run together, in no order, and another may be saving a model on Ctrl-C; so
   * may the main thread, just finishing), deletes the temporary files of those still in flight
   * (the writes then fail), then runs the cleanups added with {@link #atShutdown} and not
   * cancelled. Package-private so that tests can run it without shutting down.
   */
  static void cleanUpAtShutdown(long graceNanos) {
    long deadline = System.nanoTime() + graceNanos;
    while (!IN_FLIGHT.isEmpty() && System.nanoTime() - deadline < 0) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (Path temp : IN_FLIGHT) {
      try {
        deleteTemp(temp);
      } catch (IOException e) {
        // nothing more can be done while the JVM exits
      }
    }
    for (ShutdownCleanup added : AT_SHUTDOWN) {
      added.cancel();
      try {
        added.cleanup.run();
      } catch (RuntimeException e) {
        // the other cleanups still run
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
