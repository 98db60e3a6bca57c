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
  void theFirstOfEqualValuesWinsAndNanWinsOnlyFromTheFirstPlace() {
    // windows (top-left, top-right, bottom-left, bottom-right) and which corner wins (0 to 3)
    float[][] cases = {
        {1, 3, 3, 2}, {5, 5, 5, 5}, {-0f, 0f, 0f, 0f}, {Float.NaN, 9, 9, 9}, {1, Float.NaN, 2, 0},
        {0, 0, 0, 7}, {-1, -2, -3, -4}, {2, 1, 4, 4}, {0, 0, 0, 0}};
    int[] corners = {1, 0, 0, 0, 2, 3, 0, 2, 0};
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
   * Planes of many widths (odd ones leave a column out) around the vector widths (rows of a vector
   * or more, rows of half a vector or more, narrower rows), offsets, special values and ties; the
   * input array ends with the plane, so reads past it would throw.
   */
  @ParameterizedTest(name = "{0}x{1} input")
  @CsvSource({"2, 2", "8, 8", "8, 9", "12, 12", "6, 15", "4, 16", "10, 17", "16, 20", "24, 24",
      "24, 25", "6, 28", "4, 30", "12, 34", "2, 64", "6, 66"})
  void theVectorKernelIsTheScalarOneBitForBit(int h, int w) {
    SplittableRandom random = new SplittableRandom(h * 100L + w);
    int oh = h / 2;
    int ow = w / 2;
    int inOff = 3;
    float[] in = new float[inOff + h * w];
    for (int i = 0; i < in.length; i++) {
      in[i] = random.nextInt(3) == 0 ? SPECIALS[random.nextInt(SPECIALS.length)]
          : random.nextInt(5) - 2;
    }
    int outOff = 5;
    float[][] values = new float[4][outOff + oh * ow + 2];
    int[][] winners = new int[2][outOff + oh * ow + 2];
    for (float[] v : values) {
      Arrays.fill(v, 42f);
    }
    vector.halve(in, inOff, w, oh, ow, values[0], outOff);
    scalar.halve(in, inOff, w, oh, ow, values[1], outOff);
    vector.halve(in, inOff, w, oh, ow, values[2], outOff, winners[0], outOff);
    scalar.halve(in, inOff, w, oh, ow, values[3], outOff, winners[1], outOff);
    assertBitsEqual(values[1], values[0], "values");
    assertBitsEqual(values[1], values[2], "values with winners");
    assertBitsEqual(values[1], values[3], "scalar values with winners");
    assertArrayEquals(winners[1], winners[0], "winners");
    for (int o = 0; o < oh * ow; o++) {
      assertEquals(Float.floatToRawIntBits(values[1][outOff + o]),
          Float.floatToRawIntBits(in[inOff + winners[0][outOff + o]]), "the winner holds the value");
    }
    assertEquals(42f, values[0][outOff - 1]);
    assertEquals(42f, values[0][outOff + oh * ow]);
  }

  private static void assertBitsEqual(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
          what + " at " + i);
    }
  }
}
