package dev.lamina.datasets;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a cache folder's files looked like when their content was last verified: for each file
 * name, the SHA-256 of its content, its size and its modification time, kept in the folder's
 * {@value #FILE_NAME} file. A file whose size and modification time still match its stamp is
 * taken as verified without reading it again, as build tools keep file hashes (Gradle keys its
 * cache of file hashes the same way); any change to the file, a missing or unreadable stamp
 * file, or a malformed line means a full check. Writing a stamp is best effort: a folder the
 * user cannot write to only costs the next run a full check.
 *
 * <p>A line is {@code <sha256> <size> <modified millis> <file name>}.
 */
final class VerifiedStamps {
  /** The stamp file's name in the cache folder. */
  static final String FILE_NAME = ".verified";

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
    try {
      lines = Files.readAllLines(folder.resolve(FILE_NAME), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      lines = List.of();
    } catch (IOException | RuntimeException e) {
      log.debug("{} is unreadable; every cached file is checked in full", FILE_NAME, e);
      lines = List.of();
    }
    for (String line : lines) {
      String[] parts = line.split(" ", 4);
      try {
        if (parts.length == 4 && parts[0].matches("[0-9a-f]{64}")) {
          stamps.put(parts[3], new Stamp(parts[0], Long.parseLong(parts[1]),
              Long.parseLong(parts[2])));
        }
      } catch (NumberFormatException e) {
        // a malformed line vouches for nothing
      }
    }
    return new VerifiedStamps(folder, stamps);
  }

  /**
   * Whether {@code file} (in this folder) was verified to have content {@code sha256} and has
   * kept its size and modification time since.
   */
  boolean vouchFor(Path file, String sha256) {
    Stamp stamp = stamps.get(file.getFileName().toString());
    if (stamp == null || !stamp.sha256().equals(sha256)) {
      return false;
    }
    try {
      return stamp.equals(Stamp.of(file, sha256));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Notes that {@code file} (in this folder) now has verified content {@code sha256}; {@link
   * #save} writes it down.
   */
  void record(Path file, String sha256) {
    try {
      stamps.put(file.getFileName().toString(), Stamp.of(file, sha256));
      changed = true;
    } catch (IOException e) {
      log.debug("could not stamp {}; the next run checks it in full", file, e);
    }
  }

  /**
   * Rewrites the stamp file when something was recorded since it was read; a failure to write it
   * (a folder the user cannot write to, say) is logged, not thrown.
   */
  void save() {
    if (!changed) {
      return;
    }
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

  /** A file's verified content and the size and modification time it had then. */
  private record Stamp(String sha256, long size, long modifiedMillis) {
    static Stamp of(Path file, String sha256) throws IOException {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return new Stamp(sha256, attributes.size(), attributes.lastModifiedTime().toMillis());
    }

    String line(String fileName) {
      return sha256 + " " + size + " " + modifiedMillis + " " + fileName + "\n";
    }
  }
}
