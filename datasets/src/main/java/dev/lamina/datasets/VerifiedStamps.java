package dev.lamina.datasets;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a cache folder's files looked like when their content was last verified: for each file
 * name, the SHA-256 of its content and the file's identity (its size, modification time and, where
 * the file system has one, its file key, the inode on Linux and macOS), kept in the folder's
 * {@value #FILE_NAME} file. A file whose identity still matches its stamp is taken as verified
 * without being read again, as build tools and git's index treat unchanged files. A file that was
 * rewritten, replaced or copied in (a new inode), a missing or unreadable stamp file, or a
 * malformed line means a full check. What a stamp cannot see is damage in place that leaves size,
 * time and inode alone (bit rot); deleting the stamp file brings back the full check.
 *
 * <p>Stamping is best effort: no failure here stops a load; a folder the user cannot write to
 * only costs the next run a full check. A line is {@code <sha256> <size> <modified millis>
 * <file key or -> <file name>}.
 */
final class VerifiedStamps {
  /** The stamp file's name in the cache folder. */
  static final String FILE_NAME = ".verified";
  private static final long MAX_BYTES = 1 << 20;

  private static final Logger log = LoggerFactory.getLogger(VerifiedStamps.class);

  private final Path folder;
  private final Map<String, Stamp> stamps;
  private boolean changed;

  private VerifiedStamps(Path folder, Map<String, Stamp> stamps) {
    this.folder = folder;
    this.stamps = stamps;
  }

  /** The stamps recorded in {@code folder}; none when there is no readable stamp file. */
  static VerifiedStamps in(Path folder) {
    Map<String, Stamp> stamps = new TreeMap<>();
    List<String> lines;
    Path file = folder.resolve(FILE_NAME);
    try {
      // a few lines per dataset; anything far larger is not ours and is not read into memory
      lines = Files.size(file) > MAX_BYTES ? List.of()
          : Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      lines = List.of();
    } catch (IOException | RuntimeException e) {
      log.debug("{} is unreadable; every cached file is checked in full", FILE_NAME, e);
      lines = List.of();
    }
    for (String line : lines) {
      String[] parts = line.split(" ", 5);
      try {
        if (parts.length == 5 && parts[0].matches("[0-9a-f]{64}")) {
          stamps.put(parts[4], new Stamp(parts[0],
              new Identity(Long.parseLong(parts[1]), Long.parseLong(parts[2]), parts[3])));
        }
      } catch (NumberFormatException e) {
        // a malformed line vouches for nothing
      }
    }
    return new VerifiedStamps(folder, stamps);
  }

  /**
   * {@code file}'s identity now, to be read before its content is hashed and then passed to
   * {@link #record}: a change while it is hashed then shows at the next run. Empty when it cannot
   * be read.
   */
  static Optional<Identity> identity(Path file) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      Object key = attributes.fileKey();
      return Optional.of(new Identity(attributes.size(), attributes.lastModifiedTime().toMillis(),
          key == null ? "-" : key.toString().replace(' ', '_')));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether {@code file} (in this folder) was verified to have content {@code sha256} and has
   * kept its identity since.
   */
  boolean vouchFor(Path file, String sha256) {
    Stamp stamp = stamps.get(file.getFileName().toString());
    return stamp != null && stamp.sha256().equals(sha256)
        && identity(file).map(stamp.identity()::equals).orElse(false);
  }

  /**
   * Notes that {@code file} (in this folder), as it was when it had {@code identity}, has
   * verified content {@code sha256}; {@link #save} writes it down. Nothing is noted for an empty
   * identity.
   */
  void record(Path file, String sha256, Optional<Identity> identity) {
    identity.ifPresent(id -> {
      stamps.put(file.getFileName().toString(), new Stamp(sha256, id));
      changed = true;
    });
  }

  /**
   * Rewrites the stamp file when something was recorded since it was read, without the stamps of
   * files no longer in the folder; a failure to write it (a folder the user cannot write to, say)
   * is logged, not thrown.
   */
  void save() {
    if (!changed) {
      return;
    }
    stamps.keySet().removeIf(this::gone);
    try {
      AtomicFiles.write(folder.resolve(FILE_NAME), out -> {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        for (Map.Entry<String, Stamp> entry : stamps.entrySet()) {
          writer.write(entry.getValue().line(entry.getKey()));
        }
        writer.flush();
      });
      changed = false;
    } catch (IOException | RuntimeException e) {
      log.debug("could not write {} in {}; the next run checks the files in full", FILE_NAME,
          folder, e);
    }
  }

  /** Whether no file {@code name} (read from the stamp file: any text) is in the folder. */
  private boolean gone(String name) {
    try {
      return !Files.exists(folder.resolve(name));
    } catch (InvalidPathException e) {
      return true;
    }
  }

  /** A file's size, modification time and file key ({@code -} where there is none). */
  record Identity(long size, long modifiedMillis, String fileKey) {}

  /** A file's verified content and its identity then. */
  private record Stamp(String sha256, Identity identity) {
    String line(String fileName) {
      return sha256 + " " + identity.size() + " " + identity.modifiedMillis() + " "
          + identity.fileKey() + " " + fileName + "\n";
    }
  }
}
