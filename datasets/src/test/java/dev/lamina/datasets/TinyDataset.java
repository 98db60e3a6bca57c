package dev.lamina.datasets;

import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A small synthetic MNIST-style dataset (2x3 images) with its own pinned checksums. */
final class TinyDataset {
  static final int ROWS = 2;
  static final int COLS = 3;
  static final int[] TRAIN_LABELS = {5, 0, 4, 1, 9};
  static final int[] TEST_LABELS = {7, 2, 1};

  /** The plain content of each file. */
  static Map<String, byte[]> contents() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("train-images-idx3-ubyte", IdxFiles.images(TRAIN_LABELS.length, ROWS, COLS));
    files.put("train-labels-idx1-ubyte", IdxFiles.labels(TRAIN_LABELS));
    files.put("t10k-images-idx3-ubyte", IdxFiles.images(TEST_LABELS.length, ROWS, COLS));
    files.put("t10k-labels-idx1-ubyte", IdxFiles.labels(TEST_LABELS));
    return files;
  }

  static DatasetSpec spec() {
    Map<String, String> sums = new LinkedHashMap<>();
    contents().forEach((name, bytes) -> sums.put(name, sha256(bytes)));
    return new DatasetSpec("tiny", "Tiny", 10, ROWS, COLS, sums);
  }

  static String sha256(byte[] bytes) {
    return Hashing.sha256().hashBytes(bytes).toString();
  }

  /** Writes all files into {@code dir}, gzip-compressed with {@code .gz} names if asked. */
  static Path writeTo(Path dir, boolean gzip) throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<String, byte[]> e : contents().entrySet()) {
      String name = e.getKey() + (gzip ? ".gz" : "");
      Files.write(dir.resolve(name), gzip ? IdxFiles.gzip(e.getValue()) : e.getValue());
    }
    return dir;
  }

  private TinyDataset() {}
}
