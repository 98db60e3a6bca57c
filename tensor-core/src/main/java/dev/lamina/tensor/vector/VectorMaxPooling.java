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
 * kernels' vector loads and stores (the GEMM's packing ran 8x slower).
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

  private final MaxPooling scalar;

  VectorMaxPooling(MaxPooling scalar) {
    this.scalar = scalar;
  }

  @Override
  public void halve(float[] in, int inOff, int w, int oh, int ow, float[] out, int outOff) {
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
        best = best.blend(v, v.compare(VectorOperators.GT, best));
        v = pick(b0, b1, EVEN);
        best = best.blend(v, v.compare(VectorOperators.GT, best));
        v = pick(b0, b1, ODD);
        best = best.blend(v, v.compare(VectorOperators.GT, best));
        best.intoArray(out, outOff + oy * ow + at);
      }
    }
    if (rows < oh) {
      scalar.halve(in, inOff + 2 * rows * w, w, oh - rows, ow, out, outOff + rows * ow);
    }
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
        VectorMask<Float> wins = v.compare(VectorOperators.GT, best);
        best = best.blend(v, wins);
        offset = offset.blend(right, wins.cast(INTS));
        v = pick(b0, b1, EVEN);
        wins = v.compare(VectorOperators.GT, best);
        best = best.blend(v, wins);
        offset = offset.blend(below, wins.cast(INTS));
        v = pick(b0, b1, ODD);
        wins = v.compare(VectorOperators.GT, best);
        best = best.blend(v, wins);
        offset = offset.blend(diagonal, wins.cast(INTS));
        int o = oy * ow + at;
        best.intoArray(out, outOff + o);
        offset.add(TWICE_LANE).add(rowStart + x).intoArray(winners, winOff + o);
      }
    }
    if (rows < oh) {
      int from = outOff + rows * ow;
      int winFrom = winOff + rows * ow;
      scalar.halve(in, inOff + 2 * rows * w, w, oh - rows, ow, out, from, winners, winFrom);
      for (int o = winFrom; o < winFrom + (oh - rows) * ow; o++) {
        winners[o] += 2 * rows * w; // the scalar kernel counted from its first row
      }
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

  /** The even (or odd) lanes of {@code first} followed by those of {@code second}. */
  private static FloatVector pick(FloatVector first, FloatVector second,
      VectorShuffle<Float> lanes) {
    return first.rearrange(lanes).blend(second.rearrange(lanes), HIGH_HALF);
  }
}
