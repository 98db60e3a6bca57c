package dev.lamina.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.tensor.compute.Parallel;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SplitKTest {

  /**
   * Each row of a batch's product has the bits of that row multiplied alone, on both sides of the
   * output size where the chunks stop running in parallel (64 × 256 = 16,384), for any threads.
   */
  @ParameterizedTest
  @CsvSource({"1024, 64", "1500, 64", "2704, 64", "2704, 10", "1025, 300"})
  void aRowDoesNotDependOnTheBatchNorOnTheThreads(int k, int n) {
    SplittableRandom random = new SplittableRandom(k * 31L + n);
    float[] b = randoms(random, k * n);
    int before = Parallel.threads();
    try {
      for (int m : new int[] {1, 2, 7, 64, 255, 257, 1000}) {
        float[] a = randoms(random, m * k);
        float[] expected = null;
        for (int threads : new int[] {1, 2, 3}) {
          Parallel.setThreads(threads);
          float[] out = new float[m * n];
          SplitK.multiply(m, n, k, a, 0, b, 0, out, 0);
          if (expected == null) {
            expected = out;
            checkAgainstDoubles(m, n, k, a, b, out);
          }
          assertArrayEquals(expected, out, "m " + m + ", threads " + threads);
          for (int row : new int[] {0, m / 2, m - 1}) {
            float[] alone = new float[n];
            SplitK.multiply(1, n, k, a, row * k, b, 0, alone, 0);
            assertArrayEquals(alone, Arrays.copyOfRange(out, row * n, row * n + n),
                "row " + row + " of " + m + ", threads " + threads);
          }
        }
      }
    } finally {
      Parallel.setThreads(before);
    }
  }

  @ParameterizedTest
  @CsvSource({"1023, false", "1024, true", "2704, true"})
  void productsOfTwoChunksOrMoreAreChunked(int k, boolean chunked) {
    assertEquals(chunked, SplitK.pays(k));
    if (!chunked) {
      assertFalse(SplitK.pays(k - 1));
    } else {
      assertTrue(SplitK.pays(k + 1));
    }
  }

  /** Both paths: a small output (chunks in parallel) and larger ones (blocks of rows). */
  @ParameterizedTest
  @CsvSource({"3, 5, 1100, 7, 11, 13", "257, 64, 1100, 7, 11, 13", "65, 300, 1025, 1, 2, 3",
      "1, 16385, 1024, 5, 0, 9"})
  void offsetsAreHonouredAndOnlyTheOutputIsWritten(int m, int n, int k, int aOff, int bOff,
      int outOff) {
    SplittableRandom random = new SplittableRandom(5);
    float[] a = randoms(random, aOff + m * k);
    float[] b = randoms(random, bOff + k * n);
    float[] aCopy = a.clone();
    float[] bCopy = b.clone();
    float[] out = new float[outOff + m * n + 4];
    Arrays.fill(out, -7f);

    SplitK.multiply(m, n, k, a, aOff, b, bOff, out, outOff);

    assertArrayEquals(aCopy, a);
    assertArrayEquals(bCopy, b);
    for (int i = 0; i < outOff; i++) {
      assertEquals(-7f, out[i]);
    }
    for (int i = outOff + m * n; i < out.length; i++) {
      assertEquals(-7f, out[i]);
    }
    float[] result = Arrays.copyOfRange(out, outOff, outOff + m * n);
    checkAgainstDoubles(m, n, k, Arrays.copyOfRange(a, aOff, a.length),
        Arrays.copyOfRange(b, bOff, b.length), result);
    float[] atZero = new float[m * n];
    SplitK.multiply(m, n, k, Arrays.copyOfRange(a, aOff, a.length), 0,
        Arrays.copyOfRange(b, bOff, b.length), 0, atZero, 0);
    assertArrayEquals(atZero, result, "the same bits as without offsets");
  }

  /** An empty inner dimension is a product of zeros, whatever an earlier call left behind. */
  @ParameterizedTest
  @CsvSource({"3, 5", "300, 64"})
  void anEmptyInnerDimensionGivesZeros(int m, int n) {
    SplittableRandom random = new SplittableRandom(6);
    SplitK.multiply(m, n, 1100, randoms(random, m * 1100), 0, randoms(random, 1100 * n), 0,
        new float[m * n], 0);
    float[] out = new float[m * n + 2];
    Arrays.fill(out, -7f);

    SplitK.multiply(m, n, 0, new float[0], 0, new float[0], 0, out, 1);

    assertEquals(-7f, out[0]);
    assertEquals(-7f, out[m * n + 1]);
    for (int i = 1; i <= m * n; i++) {
      assertEquals(0f, out[i]);
    }
  }

  @ParameterizedTest
  @CsvSource({"-1, 5, 1100", "3, -1, 1100", "3, 5, -1"})
  void aNegativeSizeIsRefusedNamingAllThree(int m, int n, int k) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SplitK.multiply(m, n, k, new float[0], 0, new float[0], 0, new float[0], 0));

    assertEquals("SplitK: negative size " + m + "x" + n + "x" + k, e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"1000, true", "262144, true", "262145, false"})
  void onlyBuffersUpToAMegabyteAreKeptBetweenCalls(int size, boolean kept) {
    float[] first = SplitK.scratch(SplitK.CHUNKS, size);
    float[] second = SplitK.scratch(SplitK.CHUNKS, size);

    assertTrue(first.length >= size);
    assertEquals(kept, first == second);
  }

  private static void checkAgainstDoubles(int m, int n, int k, float[] a, float[] b, float[] out) {
    for (int i = 0; i < m; i += Math.max(1, m / 5)) {
      for (int j = 0; j < n; j++) {
        double sum = 0;
        double magnitude = 0;
        for (int p = 0; p < k; p++) {
          sum += (double) a[i * k + p] * b[p * n + j];
          magnitude += Math.abs((double) a[i * k + p] * b[p * n + j]);
        }
        assertEquals(sum, out[i * n + j], 1e-6 * magnitude, "element " + i + ", " + j);
      }
    }
  }

  private static float[] randoms(SplittableRandom random, int size) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) random.nextDouble(-1, 1);
    }
    return values;
  }
}
