package dev.lamina.datasets;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What an MNIST-style dataset is: its cache name, number of classes, image size and the pinned
 * SHA-256 of each file's uncompressed content (keyed by the plain file name, see {@link Split}).
 *
 * @param name the folder name under the cache, e.g. {@code mnist}
 * @param displayName for messages, e.g. {@code MNIST}
 * @param classes labels lie in {@code [0, classes)}
 * @param rows image height
 * @param cols image width
 * @param sha256 lower-case hex SHA-256 per plain file name, for the four files of both splits
 */
public record DatasetSpec(String name, String displayName, int classes, int rows, int cols,
    Map<String, String> sha256) {

  public DatasetSpec {
    checkArgument(name.matches("[a-z0-9][a-z0-9._-]*"), "bad dataset name '%s'", name);
    checkArgument(classes > 0 && classes <= 256, "classes must be in [1, 256], got %s", classes);
    checkArgument(rows > 0 && cols > 0, "image size must be positive, got %sx%s", rows, cols);
    sha256 = Map.copyOf(sha256);
    for (Split split : Split.values()) {
      for (String file : new String[] {split.imagesFile(), split.labelsFile()}) {
        checkArgument(sha256.containsKey(file), "%s: no SHA-256 pinned for %s", name, file);
      }
    }
  }

  /** MNIST (LeCun, Cortes, Burges), pinned to the original files. */
  public static DatasetSpec mnist() {
    return new DatasetSpec("mnist", "MNIST", 10, 28, 28, Map.of(
        "train-images-idx3-ubyte",
        "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        "train-labels-idx1-ubyte",
        "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        "t10k-images-idx3-ubyte",
        "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        "t10k-labels-idx1-ubyte",
        "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"));
  }

  /** Fashion-MNIST (Zalando Research), pinned to the original files. */
  public static DatasetSpec fashionMnist() {
    return new DatasetSpec("fashion-mnist", "Fashion-MNIST", 10, 28, 28, Map.of(
        "train-images-idx3-ubyte",
        "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
        "train-labels-idx1-ubyte",
        "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
        "t10k-images-idx3-ubyte",
        "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
        "t10k-labels-idx1-ubyte",
        "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"));
  }

  /** This spec with other pinned checksums (e.g. for test data). */
  public DatasetSpec withChecksums(Map<String, String> checksums) {
    return new DatasetSpec(name, displayName, classes, rows, cols, checksums);
  }

  /** The pinned SHA-256 of {@code file}'s uncompressed content. */
  public String sha256(String file) {
    String sum = sha256.get(file);
    checkArgument(sum != null, "%s has no file %s; files: %s", name, file,
        new TreeMap<>(sha256).keySet());
    return sum;
  }

  /** The plain names of all files. */
  public Set<String> files() {
    return sha256.keySet();
  }
}
