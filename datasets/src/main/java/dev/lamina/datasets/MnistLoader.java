package dev.lamina.datasets;

import static com.google.common.base.Preconditions.checkNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads an MNIST-style dataset (see {@link MnistDatasets}). Immutable: each setter returns a
 * changed copy.
 *
 * <p>Where the files come from, in this order: an explicit {@linkplain #dataDir(Path) data
 * folder} (validated structurally, not checksummed, never replaced by a download); else the
 * {@linkplain DataLocations cache}, every file checked against the pinned SHA-256 (again only
 * when it is no longer the file last verified, see {@link VerifiedStamps}); else the
 * {@linkplain #sources(List) sources} in order, each fetched file verified and moved into the
 * cache atomically. A damaged cached file is fetched again once, with a WARN.
 */
public final class MnistLoader {
  private static final Logger log = LoggerFactory.getLogger(MnistLoader.class);

  private final DatasetSpec spec;
  private final Path dataDir;
  private final DataLocations locations;
  private final List<DataSource> sources;

  /** {@code spec} cached where the environment says, fetched from {@code sources}. */
  public MnistLoader(DatasetSpec spec, List<DataSource> sources) {
    this(spec, null, null, sources);
  }

  private MnistLoader(DatasetSpec spec, Path dataDir, DataLocations locations,
      List<DataSource> sources) {
    this.spec = checkNotNull(spec, "spec");
    this.dataDir = dataDir;
    this.locations = locations;
    this.sources = List.copyOf(sources);
  }

  /** Reads the files from {@code dir} only (plain or {@code .gz} names); no cache, no download. */
  public MnistLoader dataDir(Path dir) {
    return new MnistLoader(spec, checkNotNull(dir, "dir"), locations, sources);
  }

  /** Caches under {@code cache} instead of the location the environment gives. */
  public MnistLoader locations(DataLocations cache) {
    return new MnistLoader(spec, dataDir, checkNotNull(cache, "cache"), sources);
  }

  /** Fetches from {@code sources}, tried in order (empty: never download). */
  public MnistLoader sources(List<DataSource> newSources) {
    return new MnistLoader(spec, dataDir, locations, newSources);
  }

  /** Fetches from {@code newSources}, tried in order. */
  public MnistLoader sources(DataSource... newSources) {
    return sources(List.of(newSources));
  }

  /** The dataset this loads. */
  public DatasetSpec spec() {
    return spec;
  }

  /** The configured sources, in order. */
  public List<DataSource> sources() {
    return sources;
  }

  /** The explicit data folder, if one was given. */
  public Optional<Path> dataDir() {
    return Optional.ofNullable(dataDir);
  }

  /** The cache folder this loader uses (not created). */
  public Path cacheDir() {
    return locations().cacheDir(spec.name());
  }

  /** Where the cache is: as set by {@link #locations(DataLocations)}, else from the environment. */
  public DataLocations locations() {
    return locations != null ? locations : DataLocations.fromEnvironment();
  }

  /**
   * The images and labels of {@code split}: features {@code [N, 1, rows, cols]} in [0, 1]
   * ({@code pixel / 255f}, one float array) and labels in {@code [0, classes)}.
   *
   * @throws IdxFormatException when a file is missing from the data folder or damaged, its
   *     images are not of the spec's size, or it would not fit the Java heap (each decided from
   *     the file's header, before its body is read)
   * @throws DatasetUnavailableException when no verified copy could be found or fetched
   * @throws IOException when the cache cannot be written
   */
  public Dataset load(Split split) throws IOException {
    return load(split, Integer.MAX_VALUE);
  }

  /**
   * As {@link #load(Split)}, keeping only the first {@code limit} samples (all when the split has
   * fewer), which saves the memory and time of the others' features; the files are checked whole
   * all the same.
   */
  public Dataset load(Split split, int limit) throws IOException {
    SplitFiles files = files(split);
    Dataset dataset = IdxDatasets.read(files.images(), files.labels(), spec.classes(), limit,
        this::checkImageSize, HeapBudget.JVM);
    log.info("{} {}: {} samples from {}", spec.displayName(), split.name().toLowerCase(Locale.ROOT),
        dataset.size(), files.images().getParent());
    return dataset;
  }

  /** Refuses images of another size than the spec's, from the header (nothing more to add). */
  private long checkImageSize(Path images, int[] dims) throws IdxFormatException {
    if (dims[1] != spec.rows() || dims[2] != spec.cols()) {
      throw new IdxFormatException(images, String.format(
          Locale.ROOT,
          "images are %dx%d, expected %dx%d for %s", dims[1], dims[2], spec.rows(), spec.cols(),
          spec.displayName()));
    }
    return 0;
  }

  /** The (verified, unless from the data folder) files of {@code split}; see {@link #load}. */
  public SplitFiles files(Split split) throws IOException {
    if (dataDir != null) {
      return new SplitFiles(inDataDir(split.imagesFile()), inDataDir(split.labelsFile()));
    }
    Map<String, Path> paths = new CacheResolver(spec, cacheDir(), sources)
        .resolve(List.of(split.imagesFile(), split.labelsFile()));
    return new SplitFiles(paths.get(split.imagesFile()), paths.get(split.labelsFile()));
  }

  private Path inDataDir(String file) throws IdxFormatException {
    if (!Files.isDirectory(dataDir)) {
      throw new IdxFormatException(dataDir, Files.exists(dataDir)
          ? "a file, not a data folder" : "data folder does not exist");
    }
    Optional<Path> found = DataFiles.locate(dataDir, file);
    if (found.isPresent()) {
      return found.get();
    }
    for (Path candidate : List.of(dataDir.resolve(file), dataDir.resolve(file + ".gz"))) {
      if (Files.exists(candidate)) { // but not a regular file
        throw new IdxFormatException(
            candidate, IoProblems.fileKind(candidate) + ", not an IDX file");
      }
    }
    if (!Files.isExecutable(dataDir)) {
      throw new IdxFormatException(dataDir, "the data folder cannot be searched (permission"
          + " denied), so " + file + " cannot be found in it");
    }
    throw new IdxFormatException(dataDir.resolve(file), "missing: neither " + file + " nor "
        + file + ".gz is in the data folder " + dataDir.toAbsolutePath());
  }

  /** The two files of a split. */
  public record SplitFiles(Path images, Path labels) {}
}
