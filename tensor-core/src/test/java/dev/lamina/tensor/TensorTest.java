package dev.lamina.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {
  private static Tensor range(int... dims) {
    Tensor t = Tensor.zeros(dims);
    for (int i = 0; i < t.size(); i++) {
      t.setFlat(i, i);
    }
    return t;
  }

  @Test
  void factories() {
    assertArrayEquals(new float[6], Tensor.zeros(2, 3).toArray());
    assertArrayEquals(new float[] {7, 7}, Tensor.filled(Shape.of(2), 7).toArray());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.of(Shape.of(2, 2), 1, 2, 3));
    assertTrue(e.getMessage().contains("needs 4 values, got 3"), e.getMessage());
  }

  @Test
  void checkedIndexing() {
    Tensor t = range(2, 3);
    assertEquals(5f, t.get(1, 2));
    t.set(42f, 0, 1);
    assertEquals(42f, t.getFlat(1));
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> t.get(2, 0));
    assertTrue(e.getMessage().contains("[2, 0]") && e.getMessage().contains("[2, 3]"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> t.get(1));
    assertThrows(IndexOutOfBoundsException.class, () -> t.getFlat(6));
  }

  @Test
  void reshapeAndSliceAreViews() {
    Tensor t = range(4, 3);
    Tensor r = t.reshape(2, 6);
    r.set(-1f, 1, 0);
    assertEquals(-1f, t.get(2, 0));
    Tensor s = t.slice(1, 3);
    assertEquals(Shape.of(2, 3), s.shape());
    assertEquals(3f, s.get(0, 0));
    s.set(99f, 1, 2);
    assertEquals(99f, t.get(2, 2));
    assertArrayEquals(new float[] {3, 4, 5, -1, 7, 99}, s.toArray());
    assertThrows(IllegalArgumentException.class, () -> t.reshape(5, 2));
    assertThrows(IllegalArgumentException.class, () -> t.slice(2, 2));
  }

  @Test
  void copyIsIndependent() {
    Tensor t = range(3);
    Tensor c = t.copy();
    c.setFlat(0, 5);
    assertEquals(0f, t.getFlat(0));
    assertEquals(range(3), t);
  }

  @Test
  void elementWiseOperationsLeaveOperandsAlone() {
    Tensor a = Tensor.of(Shape.of(3), 1, 2, 3);
    Tensor b = Tensor.of(Shape.of(3), 4, 5, 6);
    assertArrayEquals(new float[] {5, 7, 9}, a.add(b).toArray());
    assertArrayEquals(new float[] {-3, -3, -3}, a.subtract(b).toArray());
    assertArrayEquals(new float[] {4, 10, 18}, a.multiply(b).toArray());
    assertArrayEquals(new float[] {2, 4, 6}, a.scale(2).toArray());
    assertArrayEquals(new float[] {1, 4, 9}, a.map(x -> x * x).toArray());
    assertArrayEquals(new float[] {4, 10, 18}, a.zip(b, (x, y) -> x * y).toArray());
    assertArrayEquals(new float[] {1, 2, 3}, a.toArray());
    a.addScaledInPlace(b, 0.5f);
    assertArrayEquals(new float[] {3, 4.5f, 6}, a.toArray());
  }

  @Test
  void shapeMismatchNamesBothShapes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.zeros(2, 3).add(Tensor.zeros(3, 2)));
    assertEquals("add: shapes differ: [2, 3] vs [3, 2]", e.getMessage());
  }

  @Test
  void broadcastsPerColumnAndPerChannel() {
    Tensor dense = Tensor.zeros(2, 3).addBroadcastInPlace(Tensor.of(Shape.of(3), 1, 2, 3), 1);
    assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3}, dense.toArray());
    Tensor conv = Tensor.zeros(2, 2, 1, 2).addBroadcastInPlace(Tensor.of(Shape.of(2), 10, 20), 1);
    assertArrayEquals(new float[] {10, 10, 20, 20, 10, 10, 20, 20}, conv.toArray());
    assertThrows(IllegalArgumentException.class,
        () -> Tensor.zeros(2, 3).addBroadcastInPlace(Tensor.zeros(2), 1));
  }

  @Test
  void reductions() {
    Tensor t = range(2, 3);
    assertEquals(15f, t.sum());
    assertEquals(2.5f, t.mean());
    assertEquals(5f, t.max());
    assertArrayEquals(new float[] {3, 5, 7}, t.sum(0).toArray());
    assertEquals(Shape.of(3), t.sum(0).shape());
    assertArrayEquals(new float[] {3, 12}, t.sum(1).toArray());
    assertArrayEquals(new float[] {1, 4}, t.mean(-1).toArray());
    assertArrayEquals(new float[] {3, 4, 5}, t.max(0).toArray());
    assertArrayEquals(new int[] {2, 2}, t.argmax(1));
    assertArrayEquals(new int[] {1, 1, 1}, t.argmax(0));
  }

  @Test
  void argmaxTakesTheFirstOfTies() {
    assertArrayEquals(new int[] {1}, Tensor.of(Shape.of(1, 4), 0, 3, 3, 1).argmax(1));
  }

  /** A NaN won only from the first column, and was skipped elsewhere. */
  @Test
  void argmaxTakesTheFirstNanAsNumpyDoes() {
    float nan = Float.NaN;
    Tensor t = Tensor.of(Shape.of(5, 3), nan, 1, 2, 1, nan, 2, 1, 2, nan, nan, nan, nan, 1, nan,
        nan);

    assertArrayEquals(new int[] {0, 1, 2, 0, 1}, t.argmax(1));
    assertArrayEquals(new int[] {0, 1, 2}, Tensor.of(Shape.of(3, 3), nan, 1, 2, 1, nan, 2, 1, 2,
        nan).argmax(0));
  }

  /** The sum was rounded to a float before the division, overflowing to infinity. */
  @Test
  void theMeanOfLargeValuesIsAccumulatedInDouble() {
    Tensor t = Tensor.of(Shape.of(2), 3e38f, 3e38f);

    assertEquals(3e38f, t.mean());
    assertEquals(t.mean(0).getFlat(0), t.mean());
  }

  /** A shifted view added into itself gave a running sum. */
  @Test
  void inPlaceOpsRefuseAnOperandThatPartlyOverlapsThem() {
    Tensor y = Tensor.of(Shape.of(5), 1, 2, 3, 4, 5);
    Tensor later = y.slice(1, 5);
    Tensor earlier = y.slice(0, 4);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> later.addInPlace(earlier));
    assertEquals("add: the operand shares some of this tensor's elements at another position"
        + " (views of one array at offsets 1 and 0); copy it first", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> later.subtractInPlace(earlier));
    assertThrows(IllegalArgumentException.class, () -> later.multiplyInPlace(earlier));
    assertThrows(IllegalArgumentException.class, () -> earlier.addScaledInPlace(later, 2f));
    assertThrows(IllegalArgumentException.class, () -> earlier.zipInPlace(later, Float::sum));
    assertArrayEquals(new float[] {1, 2, 3, 4, 5}, y.toArray(), "nothing written");
    assertArrayEquals(new float[] {1, 3, 5, 7, 9},
        later.addInPlace(earlier.copy()) == later ? y.toArray() : null, "as NumPy, from a copy");
    assertArrayEquals(new float[] {2, 6, 10, 14, 18}, y.addInPlace(y).toArray(), "itself: fine");
  }

  @Test
  void sumExceptReducesEverythingButOneAxis() {
    Tensor t = range(2, 3, 2);
    // channel c collects elements (n, c, k) for all n, k
    assertArrayEquals(new float[] {0 + 1 + 6 + 7, 2 + 3 + 8 + 9, 4 + 5 + 10 + 11},
        t.sumExcept(1).toArray());
  }

  @Test
  void lastAxisBroadcastAddsEachRowInAView() {
    java.util.Random random = new java.util.Random(3);
    Tensor whole = Tensor.zeros(10, 13);
    for (int i = 0; i < whole.size(); i++) {
      whole.setFlat(i, random.nextFloat() - 0.5f);
    }
    Tensor vectors = Tensor.zeros(2, 13);
    for (int i = 0; i < vectors.size(); i++) {
      vectors.setFlat(i, random.nextFloat());
    }
    float[] before = whole.toArray();
    Tensor bias = vectors.slice(1, 2).reshape(13);
    whole.slice(2, 9).addBroadcastInPlace(bias, 1);
    float[] expected = before.clone();
    for (int r = 2; r < 9; r++) {
      for (int j = 0; j < 13; j++) {
        expected[r * 13 + j] += vectors.getFlat(13 + j);
      }
    }
    assertArrayEquals(expected, whole.toArray()); // rows 0-1 and 9 untouched
  }

  @Test
  void lastAxisBiasSumGivesTheBitsOfSummingEachRowsValueFromZero() {
    java.util.Random random = new java.util.Random(5);
    Tensor whole = Tensor.zeros(12, 7);
    for (int i = 0; i < whole.size(); i++) {
      whole.setFlat(i, (float) random.nextGaussian() * 1e4f);
    }
    for (int r = 0; r < 12; r++) {
      whole.set(-0f, r, 0); // a column of -0 sums to +0, as (0 + -0) does
    }
    whole.set(Float.NaN, 5, 3);
    Tensor rows = whole.slice(1, 11);
    double[] acc = new double[7];
    for (int r = 0; r < 10; r++) {
      for (int j = 0; j < 7; j++) {
        double s = 0;
        s += rows.get(r, j);
        acc[j] += s;
      }
    }
    float[] expected = new float[7];
    for (int j = 0; j < 7; j++) {
      expected[j] = (float) acc[j];
    }
    float[] sums = rows.sumExcept(1).toArray();
    assertArrayEquals(expected, sums);
    assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(sums[0]));
    assertTrue(Float.isNaN(sums[3]));
  }

  @Test
  void transposeAndMatmul() {
    Tensor a = range(2, 3);
    assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, a.transpose().toArray());
    Tensor b = range(3, 2);
    // [[0,1,2],[3,4,5]] x [[0,1],[2,3],[4,5]] = [[10,13],[28,40]]
    assertArrayEquals(new float[] {10, 13, 28, 40}, a.matmul(b).toArray());
    assertEquals(MatMul.multiply(a, false, b, false),
        MatMul.multiply(a.transpose(), true, b.transpose(), true));
  }

  @Test
  void matmulNamesMismatchedInnerDimensions() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.zeros(64, 2704).matmul(Tensor.zeros(2703, 64)));
    assertEquals("matmul: [64, 2704] x [2703, 64]: inner dimensions differ (2704 vs 2703)",
        e.getMessage());
  }

  @Test
  void matmulIntoAccumulatesOnSlices() {
    Tensor a = range(4, 2).slice(2, 4); // [[4,5],[6,7]]
    Tensor b = Tensor.of(Shape.of(2, 1), 1, 1);
    Tensor out = Tensor.filled(Shape.of(2, 1), 1);
    MatMul.into(a, false, b, false, out, true);
    assertArrayEquals(new float[] {10, 14}, out.toArray());
    assertThrows(IllegalArgumentException.class,
        () -> MatMul.into(a, false, b, false, Tensor.zeros(1, 2), false));
  }

  /** Writing over an operand once gave a silently wrong product for all but tiny sizes. */
  @Test
  void matmulIntoRejectsAnOutputThatOverlapsAnOperand() {
    Tensor a = range(130, 130);
    Tensor b = range(130, 130);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MatMul.into(a, false, b, false, a, false));
    assertEquals("matmul: the output [130, 130] shares elements with the first operand; write"
        + " the product into a separate tensor", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> MatMul.into(a, false, b, true, b, true));

    Tensor both = range(4, 2);
    Tensor top = both.slice(0, 2);
    MatMul.into(top, false, Tensor.of(Shape.of(2, 2), 1, 0, 0, 1), false, both.slice(2, 4), false);
    assertArrayEquals(new float[] {0, 1, 2, 3, 0, 1, 2, 3}, both.toArray());
    assertThrows(IllegalArgumentException.class, () -> MatMul.into(both.slice(1, 3), false,
        Tensor.zeros(2, 2), false, both.slice(2, 4), false));
  }

  @Test
  void equalityIsShapeAndBits() {
    assertEquals(Tensor.of(Shape.of(2), 1, 2), Tensor.of(Shape.of(2), 1, 2));
    assertTrue(!Tensor.of(Shape.of(2), 1, 2).equals(Tensor.of(Shape.of(1, 2), 1, 2)));
    assertEquals("Tensor[2] [1.0, 2.0]", Tensor.of(Shape.of(2), 1, 2).toString());
  }

  private static final float[] NON_FINITE = {Float.NaN, Float.intBitsToFloat(0xffff_ffff),
      Float.intBitsToFloat(0x7f80_0001), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
  private static final float[] EXTREME_FINITE = {0f, -0f, Float.MAX_VALUE, -Float.MAX_VALUE,
      Float.MIN_VALUE, -Float.MIN_NORMAL, Math.nextDown(Float.POSITIVE_INFINITY), 1f, -3.5e-20f};

  /**
   * A view of rows 1..3 of a 5-row tensor: non-finite values just outside it are not its business,
   * extreme finite values inside pass, and each kind of non-finite value (quiet, all-ones and
   * signalling NaN, both infinities) is found at every index of the view, alone (so the first,
   * branch-free pass must see it) and with a later one.
   */
  @Test
  void firstNonFiniteReadsExactlyItsOwnRegion() {
    Tensor whole = Tensor.zeros(5, 3);
    for (int i = 0; i < whole.size(); i++) {
      whole.setFlat(i, EXTREME_FINITE[i % EXTREME_FINITE.length]);
    }
    whole.setFlat(2, Float.NaN);
    whole.setFlat(12, Float.NEGATIVE_INFINITY);
    Tensor view = whole.slice(1, 4);
    assertEquals(-1, view.firstNonFinite());
    assertEquals(2, whole.firstNonFinite());
    for (boolean laterOneToo : new boolean[] {false, true}) {
      view.setFlat(8, laterOneToo ? Float.POSITIVE_INFINITY : 1f);
      for (int at = 0; at < view.size(); at++) {
        for (float bad : NON_FINITE) {
          float kept = view.getFlat(at);
          view.setFlat(at, bad);
          assertEquals(at, view.firstNonFinite(), bad + " at " + at
              + (laterOneToo ? ", with infinity at 8" : ", alone"));
          view.setFlat(at, kept);
        }
      }
    }
  }
}
