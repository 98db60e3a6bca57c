package dev.lamina.tensor.vector;

import static dev.lamina.tensor.vector.VectorGemm.LANES;
import static dev.lamina.tensor.vector.VectorGemm.MR;
import static dev.lamina.tensor.vector.VectorGemm.NR;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The register tiles called directly: the four-row tile on every machine (with 512-bit vectors the
 * GEMM itself uses only the six-row one), the six-row tile where its rows fit the packing stride
 * {@link VectorGemm#MR}. Each element of the tile is one FMA chain over the depth,
 * bit for bit {@code Math.fma} in order, stored or added, and nothing outside the tile is
 * written. The panels are packed as the GEMM packs them: {@link VectorGemm#MR} values of A and
 * {@link VectorGemm#NR} of B per step.
 */
class RegisterTileTest {
  private static final int LDC = NR + 3;
  private static final int C_OFFSET = 5;

  /** One of the tiles' entry points: rows and columns it computes, and the call. */
  private record Entry(String name, int rows, int cols, boolean adds, Call call) {
    @Override
    public String toString() {
      return name;
    }
  }

  @FunctionalInterface
  private interface Call {
    void run(int kc, float[] pa, int ia, float[] pb, int ib, float[] c, int ci, int ldc);
  }

  static Stream<Arguments> entries() {
    return Stream.of(
        new Entry("six rows, store", 6, NR, false, MicroKernel::store),
        new Entry("six rows, add", 6, NR, true, MicroKernel::add),
        new Entry("six rows, narrow", 6, LANES, false, MicroKernel::storeNarrow),
        new Entry("two rows", 2, NR, false, MicroKernel::storeTwoRows),
        new Entry("four rows, store", 4, NR, false, FourRowKernel::store),
        new Entry("four rows, add", 4, NR, true, FourRowKernel::add),
        new Entry("four rows, narrow", 4, LANES, false, FourRowKernel::storeNarrow))
        .filter(e -> e.rows() <= MR)
        .flatMap(e -> Stream.of(1, 2, 7, 128).map(kc -> Arguments.of(e, kc)));
  }

  @ParameterizedTest(name = "{0}, depth {1}")
  @MethodSource("entries")
  void eachElementIsOneFmaChainOverTheDepth(Entry entry, int kc) {
    SplittableRandom random = new SplittableRandom(31L * kc + entry.rows());
    int ia = 3;
    int ib = 2;
    float[] pa = randoms(ia + kc * MR, random);
    float[] pb = randoms(ib + kc * NR, random);
    float[] c = randoms(C_OFFSET + MR * LDC, random);
    float[] before = c.clone();

    entry.call().run(kc, pa, ia, pb, ib, c, C_OFFSET, LDC);

    for (int i = 0; i < c.length; i++) {
      int r = (i - C_OFFSET) / LDC;
      int j = (i - C_OFFSET) % LDC;
      boolean inTile = i >= C_OFFSET && r < entry.rows() && j < entry.cols();
      float expected = before[i];
      if (inTile) {
        float chain = 0f;
        for (int p = 0; p < kc; p++) {
          chain = Math.fma(pa[ia + p * MR + r], pb[ib + p * NR + j], chain);
        }
        expected = entry.adds() ? before[i] + chain : chain;
      }
      assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(c[i]),
          entry + ", depth " + kc + ": element " + i + (inTile ? " (row " + r + ", column " + j
              + ")" : " (outside the tile)"));
    }
  }

  private static float[] randoms(int n, SplittableRandom random) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) random.nextDouble(-1, 1);
    }
    return x;
  }
}
