package dev.lamina.tensor.vector;

import dev.lamina.tensor.compute.MaxPooling;
import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MaxPooling} with the preferred vectors: a vector of windows at a time, the four pixels of
 * each window gathered from two rows by even/odd lane shuffles and compared in the scalar order
 * with masks and blends. The last vector of a row overlaps the one before instead of a scalar tail
 * (outputs are recomputed, not accumulated). Rows of half a vector to a vector (LeNet's first
 * pool, 12 outputs, on AVX-512) take one vector each and let its surplus spill into the next rows
 * ({@code vectorRows}); the scalar kernel does the rest. A 256-bit species would have fit those
 * rows, but a second float species in the same JVM made C2 give up on compiling the other
 * kernels' vector loads and stores (the GEMM's packing ran 8x slower). Rows narrower than that
 * whose width divides a vector (LeNet's second pool, 4 outputs, on AVX-512) take several rows a
 * vector, the four pixels of each window gathered through an index map ({@link Narrow}).
 */
final class VectorMaxPooling implements MaxPooling {
  private static final VectorSpecies<Float> SPECIES = VectorGemm.SPECIES;
  private static final VectorSpecies<Integer> INTS =
      VectorSpecies.of(int.class, SPECIES.vectorShape());
  private static final int LANES = SPECIES.length();
  // In-range shuffles of one vector each: lane i takes lane 2i (2i + 1) modulo LANES, so the low
  // half of the result comes from the first vector, the high half from the second, joined by a
  // blend. (The two-vector rearrange is not compiled to vector code on JDK 17.)
  private static final VectorShuffle<Float> EVEN =
      VectorShuffle.fromOp(SPECIES, i -> 2 * i % LANES);
  private static final VectorShuffle<Float> ODD =
      VectorShuffle.fromOp(SPECIES, i -> (2 * i + 1) % LANES);
  private static final VectorMask<Float> HIGH_HALF =
      VectorMask.fromLong(SPECIES, -1L << (LANES / 2)); // bits past the lanes are ignored
  private static final IntVector TWICE_LANE =
      IntVector.fromArray(INTS, IntStream.range(0, LANES).map(i -> 2 * i).toArray(), 0);

  /** Winners nobody asked for, of narrow rows pooled without them (see the first halve). */
  private static final ThreadLocal<int[]> SCRATCH = ThreadLocal.withInitial(() -> new int[0]);

  private final MaxPooling scalar;
  /** The index map of the last narrow geometry pooled (immutable; replaced when it changes). */
  private volatile Narrow narrow = new Narrow(0, 1);

  VectorMaxPooling(MaxPooling scalar) {
    this.scalar = scalar;
  }

  @Override
  public void halve(float[] in, int inOff, int w, int oh, int ow, float[] out, int outOff) {
    if (Narrow.fits(ow)) {
      // Narrow rows go through the kernel with winners, into a scratch array: with gathers
      // compiled into this method as well, C2 (JDK 17) made its wide rows 2-3x slower (LeNet's
      // first pool at inference, 0.29 -> 0.64-0.88 ms a batch of 64).
      int[] winners = SCRATCH.get();
      if (winners.length < oh * ow) {
        winners = new int[oh * ow];
        SCRATCH.set(winners);
      }
      halve(in, inOff, w, oh, ow, out, outOff, winners, 0);
      return;
    }
    int rows = wide(in, inOff, w, oh, ow, out, outOff);
    if (rows < oh) {
      scalar.halve(in, inOff + 2 * rows * w, w, oh - rows, ow, out, outOff + rows * ow);
    }
  }

  /** The leading rows of at least half a vector; returns how many output rows that was. */
  private static int wide(float[] in, int inOff, int w, int oh, int ow, float[] out, int outOff) {
    int rows = vectorRows(in.length, inOff, w, oh, ow);
    int last = Math.max(0, ow - LANES);
    for (int oy = 0; oy < rows; oy++) {
      int top = inOff + 2 * oy * w;
      int bottom = top + w;
      for (int ox = 0; ox < ow; ox += LANES) {
        int at = Math.min(ox, last);
        int x = 2 * at;
        FloatVector t0 = FloatVector.fromArray(SPECIES, in, top + x);
        FloatVector t1 = FloatVector.fromArray(SPECIES, in, top + x + LANES);
        FloatVector b0 = FloatVector.fromArray(SPECIES, in, bottom + x);
        FloatVector b1 = FloatVector.fromArray(SPECIES, in, bottom + x + LANES);
        FloatVector best = pick(t0, t1, EVEN);
        FloatVector v = pick(t0, t1, ODD);
        best = best.blend(v, beats(v, best));
        v = pick(b0, b1, EVEN);
        best = best.blend(v, beats(v, best));
        v = pick(b0, b1, ODD);
        best = best.blend(v, beats(v, best));
        best.intoArray(out, outOff + oy * ow + at);
      }
    }
    return rows;
  }

  /**
   * The same gathering of windows as the method above, with the winners tracked: kept as a
   * second loop rather than one loop with a nullable {@code winners}, because a branch inside the
   * vector loop made C2 compile such kernels 1.5-2x slower (see {@link MicroKernel}), and a
   * helper cannot hand back the four vectors without allocating.
   */
  @Override
  public void halve(float[] in, int inOff, int w, int oh, int ow, float[] out, int outOff,
      int[] winners, int winOff) {
    if (Narrow.fits(ow)) {
      int rows = narrow(w, ow).halve(in, inOff, oh, out, outOff, winners, winOff);
      scalarRows(in, inOff, w, rows, oh, ow, out, outOff, winners, winOff);
      return;
    }
    int rows = vectorRows(in.length, inOff, w, oh, ow);
    int last = Math.max(0, ow - LANES);
    IntVector right = IntVector.broadcast(INTS, 1);
    IntVector below = IntVector.broadcast(INTS, w);
    IntVector diagonal = IntVector.broadcast(INTS, w + 1);
    for (int oy = 0; oy < rows; oy++) {
      int rowStart = 2 * oy * w;
      int top = inOff + rowStart;
      int bottom = top + w;
      for (int ox = 0; ox < ow; ox += LANES) {
        int at = Math.min(ox, last);
        int x = 2 * at;
        FloatVector t0 = FloatVector.fromArray(SPECIES, in, top + x);
        FloatVector t1 = FloatVector.fromArray(SPECIES, in, top + x + LANES);
        FloatVector b0 = FloatVector.fromArray(SPECIES, in, bottom + x);
        FloatVector b1 = FloatVector.fromArray(SPECIES, in, bottom + x + LANES);
        FloatVector best = pick(t0, t1, EVEN);
        IntVector offset = IntVector.zero(INTS);
        FloatVector v = pick(t0, t1, ODD);
        VectorMask<Float> wins = beats(v, best);
        best = best.blend(v, wins);
        offset = offset.blend(right, wins.cast(INTS));
        v = pick(b0, b1, EVEN);
        wins = beats(v, best);
        best = best.blend(v, wins);
        offset = offset.blend(below, wins.cast(INTS));
        v = pick(b0, b1, ODD);
        wins = beats(v, best);
        best = best.blend(v, wins);
        offset = offset.blend(diagonal, wins.cast(INTS));
        int o = oy * ow + at;
        best.intoArray(out, outOff + o);
        offset.add(TWICE_LANE).add(rowStart + x).intoArray(winners, winOff + o);
      }
    }
    scalarRows(in, inOff, w, rows, oh, ow, out, outOff, winners, winOff);
  }

  /** Output rows {@code [rows, oh)} with their winners, by the scalar kernel. */
  private void scalarRows(float[] in, int inOff, int w, int rows, int oh, int ow, float[] out,
      int outOff, int[] winners, int winOff) {
    if (rows < oh) {
      int from = outOff + rows * ow;
      int winFrom = winOff + rows * ow;
      scalar.halve(in, inOff + 2 * rows * w, w, oh - rows, ow, out, from, winners, winFrom);
      for (int o = winFrom; o < winFrom + (oh - rows) * ow; o++) {
        winners[o] += 2 * rows * w; // the scalar kernel counted from its first row
      }
    }
  }

  private Narrow narrow(int w, int ow) {
    Narrow current = narrow;
    if (current.w != w || current.ow != ow) {
      current = new Narrow(w, ow);
      narrow = current;
    }
    return current;
  }

  /**
   * Windows of rows narrower than half a vector whose width divides a vector: each vector holds
   * {@code LANES / ow} whole output rows, and its top-left pixels are gathered through {@link
   * #map} (the others at the same map moved by 1, {@code w} and {@code w + 1}), then compared in
   * the scalar order like the wide rows' vectors.
   */
  private static final class Narrow {
    final int w;
    final int ow;
    /** Output rows per vector. */
    final int rows;
    /** Lane {@code i}'s top-left pixel, from the vector's first input row. */
    final int[] map;
    final IntVector corners;

    Narrow(int w, int ow) {
      this.w = w;
      this.ow = ow;
      this.rows = LANES / ow;
      this.map = IntStream.range(0, LANES).map(i -> 2 * (i / ow) * w + 2 * (i % ow)).toArray();
      this.corners = IntVector.fromArray(INTS, map, 0);
    }

    /** Whether rows of {@code ow} windows take this path. */
    static boolean fits(int ow) {
      return 2 * ow < LANES && LANES % ow == 0;
    }

    /**
     * Pools the leading whole vectors of rows with their winners (counted from {@code inOff});
     * returns how many output rows that was.
     */
    int halve(float[] in, int inOff, int oh, float[] out, int outOff, int[] winners,
        int winOff) {
      int done = oh / rows * rows;
      IntVector right = IntVector.broadcast(INTS, 1);
      IntVector below = IntVector.broadcast(INTS, w);
      IntVector diagonal = IntVector.broadcast(INTS, w + 1);
      for (int oy = 0; oy < done; oy += rows) {
        int rowStart = 2 * oy * w;
        int top = inOff + rowStart;
        FloatVector best = FloatVector.fromArray(SPECIES, in, top, map, 0);
        IntVector offset = IntVector.zero(INTS);
        FloatVector v = FloatVector.fromArray(SPECIES, in, top + 1, map, 0);
        VectorMask<Float> wins = beats(v, best);
        best = best.blend(v, wins);
        offset = offset.blend(right, wins.cast(INTS));
        v = FloatVector.fromArray(SPECIES, in, top + w, map, 0);
        wins = beats(v, best);
        best = best.blend(v, wins);
        offset = offset.blend(below, wins.cast(INTS));
        v = FloatVector.fromArray(SPECIES, in, top + w + 1, map, 0);
        wins = beats(v, best);
        best = best.blend(v, wins);
        offset = offset.blend(diagonal, wins.cast(INTS));
        best.intoArray(out, outOff + oy * ow);
        offset.add(corners).add(rowStart).intoArray(winners, winOff + oy * ow);
      }
      return done;
    }
  }

  /**
   * How many leading output rows the vectors compute. Rows of at least a vector: all. Rows of at
   * least half a vector: one vector each, from the row's start, whose surplus lanes read pixels of
   * the rows below (or the next plane) and write into the next output rows, which are computed
   * afterwards and overwrite them; so only rows whose vector stays inside this plane's output and
   * inside {@code in}. Narrower rows: none (the vector would be mostly surplus).
   */
  private static int vectorRows(int inLength, int inOff, int w, int oh, int ow) {
    if (ow >= LANES) {
      return oh;
    }
    if (2 * ow < LANES) {
      return 0;
    }
    // row oy: output [oy·ow, oy·ow + LANES) within [0, oh·ow); input up to the bottom row's
    // start + 2·LANES within in
    int byOutput = oh * ow < LANES ? 0 : (oh * ow - LANES) / ow + 1;
    long readRoom = (long) inLength - inOff - w - 2L * LANES;
    int byInput = readRoom < 0 ? 0 : (int) Math.min(oh, readRoom / (2L * w) + 1);
    return Math.max(0, Math.min(oh, Math.min(byOutput, byInput)));
  }

  /** The lanes where {@code v} wins over {@code best}: larger, or NaN (see {@link MaxPooling}). */
  private static VectorMask<Float> beats(FloatVector v, FloatVector best) {
    return v.compare(VectorOperators.GT, best).or(v.compare(VectorOperators.NE, v));
  }

  /** The even (or odd) lanes of {@code first} followed by those of {@code second}. */
  private static FloatVector pick(FloatVector first, FloatVector second,
      VectorShuffle<Float> lanes) {
    return first.rearrange(lanes).blend(second.rearrange(lanes), HIGH_HALF);
  }
}
