package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Inverted dropout: in training, every element is zeroed with probability {@code rate} and the
 * survivors are scaled by {@code 1 / (1 - rate)}; at inference the layer is the identity (the
 * input itself is returned).
 *
 * <p>The random stream: training pass number {@code k} (0, 1, 2, ... counted by an atomic counter)
 * draws its mask from a generator seeded with a mix of the layer's seed and {@code k}, so the masks
 * depend only on the seed and on how many training passes came before, never on threads. Inference
 * never touches the counter, so concurrent inference is safe. To resume training exactly, save
 * {@link #seed()} and {@link #trainingPasses()} and restore them with
 * {@link #Dropout(double, long)} and {@link #resumeAt(long)}. Since the seed and the count are
 * its model's, a {@code Dropout} belongs to the one {@link Sequential} it was built into, as a
 * layer with parameters does: another model refuses it.
 */
public final class Dropout implements Layer, FreshOutput {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private final double rate;
  private final Long fixedSeed;
  private volatile long seed;
  private final AtomicLong passes = new AtomicLong();

  /**
   * Drops with probability {@code rate} in {@code [0, 1)}; the seed is drawn from the model's
   * generator when the layer is built.
   */
  public Dropout(double rate) {
    this(rate, null);
  }

  /** Drops with probability {@code rate} in {@code [0, 1)}, masks drawn from {@code seed}. */
  public Dropout(double rate, long seed) {
    this(rate, Long.valueOf(seed));
  }

  private Dropout(double rate, Long seed) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("Dropout: rate must be in [0, 1), got " + rate);
    }
    this.rate = rate;
    this.fixedSeed = seed;
    this.seed = seed == null ? 0L : seed;
  }

  /** The probability of dropping an element. */
  public double rate() {
    return rate;
  }

  /** The seed given at construction, if any (otherwise it is drawn at build). */
  public OptionalLong configuredSeed() {
    return fixedSeed == null ? OptionalLong.empty() : OptionalLong.of(fixedSeed);
  }

  /** The seed masks are drawn from now. */
  public long seed() {
    return seed;
  }

  /** How many training passes have drawn a mask so far. */
  public long trainingPasses() {
    return passes.get();
  }

  /** Continues the mask stream as if {@code passes} training passes had already run. */
  public void resumeAt(long passes) {
    if (passes < 0) {
      throw new IllegalArgumentException("Dropout: passes must not be negative, got " + passes);
    }
    this.passes.set(passes);
  }

  @Override
  public Shape outputShape(Shape input) {
    return input;
  }

  /** Draws the seed from {@code random} unless one was given at construction. */
  @Override
  public void build(Shape input, RandomGenerator random) {
    if (fixedSeed == null) {
      seed = random.nextLong();
    }
  }

  @Override
  public Forward forward(Tensor x, boolean training) {
    if (!training || rate == 0) {
      return Forward.of(x, g -> {
        LayerChecks.sameShape(this, x, g);
        return g;
      });
    }
    long pass = passes.getAndIncrement();
    SplittableRandom random = new SplittableRandom(seed ^ ((pass + 1) * GOLDEN_GAMMA));
    float keep = (float) (1 / (1 - rate));
    float[] mask = new float[x.size()];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = random.nextDouble() < rate ? 0f : keep;
    }
    Tensor m = Tensor.of(x.shape(), mask);
    Tensor y = x.multiply(m);
    return Forward.of(y, g -> {
      LayerChecks.sameShape(this, y, g);
      return g.multiply(m);
    });
  }

  @Override
  public String toString() {
    return "Dropout(rate=" + rate + ")";
  }
}
