package dev.lamina.tensor.vector;

import dev.lamina.tensor.compute.Elementwise;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Elementwise} with the Vector API: comparisons become lane masks and blends, no branches.
 */
final class VectorElementwise implements Elementwise {
  private static final VectorSpecies<Float> SPECIES = VectorGemm.SPECIES;
  private static final int LANES = SPECIES.length();

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
}
