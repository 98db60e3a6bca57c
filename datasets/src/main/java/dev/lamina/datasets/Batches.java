package dev.lamina.datasets;

import static com.google.common.base.Preconditions.checkArgument;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Mini-batches over a {@link Dataset}: in order, or reshuffled each epoch from a seed (epoch
 * {@code e}'s order depends only on the seed and {@code e}, so a resumed run sees the same
 * batches). Without shuffling a batch is a zero-copy view; with shuffling only the batch is
 * gathered, never the whole dataset.
 */
public final class Batches {
  private final Dataset dataset;
  private final int batchSize;
  private boolean shuffle;
  private long seed;
  private boolean dropLast;

  /**
   * Batches of {@code batchSize} samples (the last may be smaller) in dataset order, over a
   * dataset of at least one sample.
   */
  public Batches(Dataset dataset, int batchSize) {
    checkArgument(batchSize > 0, "batch size must be positive, got %s", batchSize);
    checkArgument(dataset.size() > 0, "batches: the dataset has no samples");
    this.dataset = dataset;
    this.batchSize = batchSize;
  }

  /** Reshuffles every epoch from {@code seed}. Returns this. */
  public Batches shuffle(long seed) {
    this.shuffle = true;
    this.seed = seed;
    return this;
  }

  /**
   * Drops a last batch smaller than the batch size (so a dataset smaller than the batch size
   * gives no batch at all, as PyTorch's {@code drop_last}). Returns this.
   */
  public Batches dropLast(boolean drop) {
    this.dropLast = drop;
    return this;
  }

  /** The batch size asked for; a batch holds fewer samples only when the dataset runs out. */
  public int batchSize() {
    return batchSize;
  }

  /** The number of batches in one epoch. */
  public int count() {
    long n = dataset.size();
    return (int) (dropLast ? n / batchSize : (n + batchSize - 1) / batchSize);
  }

  /** The batches of epoch {@code epoch} (0-based). */
  public Iterable<Batch> epoch(int epoch) {
    int[] order = shuffle ? permutation(dataset.size(), seed, epoch) : null;
    return () -> new Iterator<>() {
      private int index;

      @Override
      public boolean hasNext() {
        return index < count();
      }

      @Override
      public Batch next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int from = index * batchSize;
        int to = (int) Math.min(dataset.size(), (long) from + batchSize);
        index++;
        return order == null ? view(from, to) : gather(dataset, order, from, to);
      }
    };
  }

  private Batch view(int from, int to) {
    Dataset part = from == 0 && to == dataset.size() ? dataset : dataset.subset(from, to);
    return new Batch(part.features(), part.labels());
  }

  /** One batch holding the whole dataset (a view, not a copy). */
  public static Batches full(Dataset dataset) {
    return new Batches(dataset, dataset.size());
  }

  /** Samples {@code order[from..to)} of {@code dataset} copied into a new batch. */
  static Batch gather(Dataset dataset, int[] order, int from, int to) {
    Shape sample = dataset.sampleShape();
    int stride = sample.size();
    Tensor all = dataset.features();
    Tensor features = Tensor.zeros(sample.prepend(to - from));
    int[] labels = new int[to - from];
    for (int i = from; i < to; i++) {
      System.arraycopy(all.data(), all.offset() + order[i] * stride,
          features.data(), (i - from) * stride, stride);
      labels[i - from] = dataset.label(order[i]);
    }
    return new Batch(features, labels);
  }

  /** A permutation of {@code [0, n)} that depends only on {@code seed} and {@code epoch}. */
  static int[] permutation(int n, long seed, int epoch) {
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
