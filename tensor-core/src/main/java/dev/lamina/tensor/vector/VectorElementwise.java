package dev.lamina.tensor.vector;

import dev.lamina.tensor.compute.Elementwise;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link Elementwise} with the Vector API: comparisons become lane masks and blends, no branches. */
final class VectorElementwise implements Elementwise {
  private static final VectorSpecies<Float> SPECIES = VectorGemm.SPECIES;
  private static final int LANES = SPECIES.length();
  /** Int lanes of the same shape, for tests on a float's bits. */
  private static final VectorSpecies<Integer> INTS =
      VectorSpecies.of(int.class, SPECIES.vectorShape());
  private static final int EXPONENT = 0x7f80_0000;
  private static final int EXPONENT_STEP = 0x0080_0000;

  @Override
  public void reluGradient(float[] y, int yOff, float[] g, int gOff, float[] dx, int dxOff, int n) {
    FloatVector zero = FloatVector.zero(SPECIES);
    int i = 0;
    for (; i <= n - LANES; i += LANES) {
      FloatVector out = FloatVector.fromArray(SPECIES, y, yOff + i);
      FloatVector grad = FloatVector.fromArray(SPECIES, g, gOff + i);
      zero.blend(grad, out.compare(VectorOperators.GT, 0f)).intoArray(dx, dxOff + i);
    }
    for (; i < n; i++) {
      dx[dxOff + i] = y[yOff + i] > 0f ? g[gOff + i] : 0f;
    }
  }

  @Override
  public boolean allFinite(float[] values, int from, int n) {
    // the scalar kernel's carry test, a vector of lanes at a time
    IntVector carries = IntVector.zero(INTS);
    int i = 0;
    for (; i <= n - LANES; i += LANES) {
      IntVector bits = FloatVector.fromArray(SPECIES, values, from + i).reinterpretAsInts();
      carries = carries.or(bits.and(EXPONENT).add(EXPONENT_STEP));
    }
    int tail = 0;
    for (; i < n; i++) {
      tail |= (Float.floatToRawIntBits(values[from + i]) & EXPONENT) + EXPONENT_STEP;
    }
    return (carries.reduceLanes(VectorOperators.OR) | tail) >= 0;
  }
}
