package dev.lamina.tensor.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.tensor.compute.ComputeBackends;
import dev.lamina.tensor.compute.MaxPooling;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VectorMaxPoolingTest {
  private static final float[] SPECIALS = {
      0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f, 1f, -1f};

  private final MaxPooling vector = new VectorBackend().maxPooling();
  private final MaxPooling scalar = ComputeBackends.scalar().maxPooling();

  @Test
  void theFirstOfEqualValuesWinsAndTheLastNanWinsOverAnything() {
    float nan = Float.NaN;
    // windows (top-left, top-right, bottom-left, bottom-right) and which corner wins (0 to 3)
    float[][] cases = {
        {1, 3, 3, 2}, {5, 5, 5, 5}, {-0f, 0f, 0f, 0f}, {nan, 9, 9, 9}, {1, nan, 2, 0},
        {0, 0, 0, 7}, {-1, -2, -3, -4}, {2, 1, 4, 4}, {0, 0, 0, 0}, {9, 9, 9, nan},
        {nan, nan, 1, 2}, {nan, 1, nan, 2}, {nan, nan, nan, nan},
        {Float.POSITIVE_INFINITY, nan, 0, 0}, {Float.NEGATIVE_INFINITY, 0, 0, 1}};
    int[] corners = {1, 0, 0, 0, 1, 3, 0, 2, 0, 3, 1, 2, 3, 1, 3};
    // one output row long enough for two (overlapping) vectors of any width up to 512 bits
    int ow = 3 * cases.length;
    int w = 2 * ow;
    float[] in = new float[2 * w];
    float[] expectedValues = new float[ow];
    int[] expectedWinners = new int[ow];
    for (int i = 0; i < ow; i++) {
      float[] window = cases[i % cases.length];
      in[2 * i] = window[0];
      in[2 * i + 1] = window[1];
      in[w + 2 * i] = window[2];
      in[w + 2 * i + 1] = window[3];
      int corner = corners[i % cases.length];
      expectedValues[i] = window[corner];
      expectedWinners[i] = (corner >= 2 ? w : 0) + 2 * i + corner % 2;
    }
    for (MaxPooling kernel : new MaxPooling[] {vector, scalar}) {
      float[] values = new float[ow];
      float[] valuesWithWinners = new float[ow];
      int[] winners = new int[ow];
      kernel.halve(in, 0, w, 1, ow, values, 0);
      kernel.halve(in, 0, w, 1, ow, valuesWithWinners, 0, winners, 0);
      String name = kernel.getClass().getSimpleName();
      assertBitsEqual(expectedValues, values, name);
      assertBitsEqual(expectedValues, valuesWithWinners, name);
      assertArrayEquals(expectedWinners, winners, name);
    }
  }

  /**
   * Three planes of many widths (odd ones leave a column or a row out) around the vector widths
   * (rows of a vector or more, of half a vector or more, narrower rows, several of which fill a
   * vector or leave a rest of rows), at offsets, with special
   * values and ties, and pixels after the last plane (so only the output bound keeps a vector row
   * inside its plane). The planes are pooled last to first: a vector that wrote into the next
   * plane's output would spoil a result already computed.
   */
  @ParameterizedTest(name = "{0}x{1} input")
  @CsvSource({"2, 2", "4, 4", "6, 5", "8, 6", "5, 7", "8, 8", "8, 9", "12, 12", "6, 15", "4, 16",
      "10, 17", "16, 20", "24, 24", "25, 25", "24, 25", "6, 28", "4, 30", "12, 34", "2, 64",
      "6, 66", "16, 8", "12, 8", "32, 4", "40, 2", "8, 4", "24, 9", "64, 3", "16, 16"})
  void theVectorKernelIsTheScalarOneBitForBit(int h, int w) {
    SplittableRandom random = new SplittableRandom(h * 100L + w);
    int planes = 3;
    int oh = h / 2;
    int ow = w / 2;
    int inOff = 3;
    float[] in = new float[inOff + planes * h * w + 2 * w + 64];
    for (int i = 0; i < in.length; i++) {
      in[i] = random.nextInt(3) == 0 ? SPECIALS[random.nextInt(SPECIALS.length)]
          : random.nextInt(5) - 2;
    }
    int outOff = 5;
    int outLength = outOff + planes * oh * ow + 64;
    float[][] values = new float[4][outLength];
    int[][] winners = new int[2][outLength];
    for (float[] v : values) {
      Arrays.fill(v, 42f);
    }
    for (int[] v : winners) {
      Arrays.fill(v, -7);
    }
    for (int p = planes - 1; p >= 0; p--) {
      int from = inOff + p * h * w;
      int to = outOff + p * oh * ow;
      vector.halve(in, from, w, oh, ow, values[0], to);
      scalar.halve(in, from, w, oh, ow, values[1], to);
      vector.halve(in, from, w, oh, ow, values[2], to, winners[0], to);
      scalar.halve(in, from, w, oh, ow, values[3], to, winners[1], to);
    }
    assertBitsEqual(values[1], values[0], "values");
    assertBitsEqual(values[1], values[2], "values with winners");
    assertBitsEqual(values[1], values[3], "scalar values with winners");
    assertArrayEquals(winners[1], winners[0], "winners");
    for (int p = 0; p < planes; p++) {
      for (int o = 0; o < oh * ow; o++) {
        int at = outOff + p * oh * ow + o;
        assertEquals(Float.floatToRawIntBits(values[1][at]),
            Float.floatToRawIntBits(in[inOff + p * h * w + winners[0][at]]),
            "the winner holds the value");
      }
    }
    for (int i = 0; i < outLength; i++) {
      if (i < outOff || i >= outOff + planes * oh * ow) {
        assertEquals(42f, values[0][i], "outside the output at " + i);
        assertEquals(-7, winners[0][i], "outside the winners at " + i);
      }
    }
  }

  private static void assertBitsEqual(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
          what + " at " + i);
    }
  }
}
