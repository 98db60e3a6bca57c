package dev.lamina.tensor.vector;

import dev.lamina.tensor.compute.ColumnFolding;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ColumnFolding} with the Vector API.
 *
 * <p>Unfolding copies each row of {@code ow} column entries a vector at a time. A row of at least a
 * vector ends with a vector that overlaps the one before it. A shorter row is written as one whole
 * vector, reaching into the rows after it, which are written later and overwrite that; only where
 * the vector would reach past this image's entries in the column row (which another thread may be
 * writing) is the row copied with {@code System.arraycopy}. For LeNet's second convolution this is
 * about 2–4× faster than a {@code System.arraycopy} of 8 floats per row.
 *
 * <p>Folding goes one image row at a time: for a channel, kernel row {@code ky} and output row
 * {@code y}, image row {@code y + ky} gets the {@code kw} column rows of that {@code ky} added in
 * registers, each loaded shifted by its {@code kx} and blended into the lanes it covers, then
 * stored once (the plain loop loads and stores every pixel {@code kw} times). Each pixel still
 * receives its additions in the scalar order ({@code ky}, then {@code kx}).
 *
 * <p>A row being folded is cut into vectors; the last may reach past the row's end into the
 * pixels after it, which it writes back unchanged. A row whose vectors would reach past the image
 * (whose pixels after it another thread may be adding to), or read past {@code cols}, is added by
 * the scalar loop. The rows of one {@code ky} are visited a few apart ({@code step}), so that
 * within a pass no row's load overlaps the store of the row just before it: such a partly
 * overlapping load waits for the store to complete, which made an earlier version of this kernel
 * 1.5–2× slower.
 *
 * <p>Only the preferred species is used: a second float species in the JVM stops C2 from
 * compiling the GEMM's packing loops as vectors (see {@link VectorMaxPooling}). The lane masks come
 * from comparing a float iota vector, which JDK 17 compiles to vector compares (its
 * {@code indexInRange} with a negative offset made the kernel 4× slower).
 */
final class VectorColumnFolding implements ColumnFolding {
  private static final VectorSpecies<Float> SPECIES = VectorGemm.SPECIES;
  private static final int LANES = SPECIES.length();
  private static final float[] IOTA = iota();

  @Override
  public void unfoldUnitStride(float[] in, int inOff, int channels, int h, int w, int kh, int kw,
      float[] cols, int colsOff, int ld) {
    int oh = h - kh + 1;
    int ow = w - kw + 1;
    if (oh <= 0 || ow <= 0) {
      return;
    }
    int whole = ow - ow % LANES;
    for (int c = 0; c < channels; c++) {
      for (int ky = 0; ky < kh; ky++) {
        for (int kx = 0; kx < kw; kx++) {
          int row = colsOff + ((c * kh + ky) * kw + kx) * ld;
          int rowEnd = row + oh * ow;
          int src = inOff + (c * h + ky) * w + kx;
          for (int dst = row; dst < rowEnd; dst += ow, src += w) {
            for (int x = 0; x < whole; x += LANES) {
              FloatVector.fromArray(SPECIES, in, src + x).intoArray(cols, dst + x);
            }
            if (whole < ow) {
              copyTail(in, src, cols, dst, ow, whole, rowEnd);
            }
          }
        }
      }
    }
  }

  /**
   * Copies what is left of a column row of {@code ow} entries at {@code cols[dst]} after its
   * {@code whole} entries in whole vectors: one vector overlapping the last whole one; else (a row
   * shorter than a vector) one vector reaching into the next rows of this image's entries, which
   * end at {@code rowEnd} and are written after it; else the plain copy.
   */
  private static void copyTail(float[] in, int src, float[] cols, int dst, int ow, int whole,
      int rowEnd) {
    if (whole > 0) {
      int x = ow - LANES;
      FloatVector.fromArray(SPECIES, in, src + x).intoArray(cols, dst + x);
    } else if (LANES <= rowEnd - dst) {
      // its load stays in the image too: the rows left to copy span at least as many pixels of
      // in as entries of cols
      FloatVector.fromArray(SPECIES, in, src).intoArray(cols, dst);
    } else {
      System.arraycopy(in, src, cols, dst, ow);
    }
  }

  @Override
  public void addUnitStride(float[] cols, int colsOff, int ld, int channels, int h, int w, int kh,
      int kw, float[] out, int outOff) {
    int oh = h - kh + 1;
    int ow = w - kw + 1;
    int span = (w + LANES - 1) / LANES * LANES;
    int step = (span + w - 1) / w;
    int outEnd = outOff + channels * h * w;
    // how far past a row's first column entry its last vector (kx = kw - 1) reads
    int reach = (kw - 1) * (ld - 1) + span;
    FloatVector iota = FloatVector.fromArray(SPECIES, IOTA, 0);
    for (int c = 0; c < channels; c++) {
      for (int ky = 0; ky < kh; ky++) {
        int rows = colsOff + (c * kh + ky) * kw * ld;
        for (int first = 0; first < step; first++) {
          for (int y = first; y < oh; y += step) {
            int dst = outOff + (c * h + y + ky) * w;
            int src = rows + y * ow;
            if (span <= outEnd - dst && reach <= cols.length - src) {
              addRow(cols, src, ld, kw, ow, span, iota, out, dst);
            } else {
              for (int kx = 0; kx < kw; kx++) {
                for (int x = 0; x < ow; x++) {
                  out[dst + kx + x] += cols[src + kx * ld + x];
                }
              }
            }
          }
        }
      }
    }
  }

  /**
   * Adds the {@code kw} column rows from {@code cols[src + kx·ld]} ({@code ow} entries each) onto
   * the image row at {@code out[dst]}, shifted by {@code kx}, a vector of {@code span} pixels at a
   * time.
   */
  private static void addRow(float[] cols, int src, int ld, int kw, int ow, int span,
      FloatVector iota, float[] out, int dst) {
    for (int p = 0; p < span; p += LANES) {
      FloatVector pixels = FloatVector.fromArray(SPECIES, out, dst + p);
      for (int kx = 0; kx < kw; kx++) {
        // lane j is pixel p + j, which column entry p + j - kx covers when it lies in [0, ow)
        VectorMask<Float> covered = iota.compare(VectorOperators.GE, (float) (kx - p))
            .and(iota.compare(VectorOperators.LT, (float) (kx + ow - p)));
        FloatVector entries = FloatVector.fromArray(SPECIES, cols, src + kx * ld + p - kx);
        pixels = pixels.blend(pixels.add(entries), covered);
      }
      pixels.intoArray(out, dst + p);
    }
  }

  private static float[] iota() {
    float[] iota = new float[LANES];
    for (int i = 0; i < LANES; i++) {
      iota[i] = i;
    }
    return iota;
  }
}
