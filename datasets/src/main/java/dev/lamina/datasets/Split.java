package dev.lamina.datasets;

/** The two parts of MNIST-style data, named as in the original IDX distribution. */
public enum Split {
  TRAIN("train"),
  TEST("t10k");

  private final String prefix;

  Split(String prefix) {
    this.prefix = prefix;
  }

  /** The plain name of the image file, e.g. {@code t10k-images-idx3-ubyte}. */
  public String imagesFile() {
    return prefix + "-images-idx3-ubyte";
  }

  /** The plain name of the label file, e.g. {@code t10k-labels-idx1-ubyte}. */
  public String labelsFile() {
    return prefix + "-labels-idx1-ubyte";
  }
}
