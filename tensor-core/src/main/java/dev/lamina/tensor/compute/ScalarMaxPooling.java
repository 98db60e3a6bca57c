package dev.lamina.tensor.compute;

/** {@link MaxPooling} as plain loops: the reference the vector kernels are tested against. */
final class ScalarMaxPooling implements MaxPooling {
  @Override
  public void halve(float[] in, int inOff, int w, int oh, int ow, float[] out, int outOff) {
    for (int oy = 0; oy < oh; oy++) {
      int top = inOff + 2 * oy * w;
      int bottom = top + w;
      int to = outOff + oy * ow;
      for (int ox = 0; ox < ow; ox++) {
        int x = 2 * ox;
        float best = in[top + x];
        float v = in[top + x + 1];
        if (MaxPooling.beats(v, best)) {
          best = v;
        }
        v = in[bottom + x];
        if (MaxPooling.beats(v, best)) {
          best = v;
        }
        v = in[bottom + x + 1];
        if (MaxPooling.beats(v, best)) {
          best = v;
        }
        out[to + ox] = best;
      }
    }
  }

  @Override
  public void halve(float[] in, int inOff, int w, int oh, int ow, float[] out, int outOff,
      int[] winners, int winOff) {
    for (int oy = 0; oy < oh; oy++) {
      int top = 2 * oy * w;
      for (int ox = 0; ox < ow; ox++) {
        int first = top + 2 * ox;
        int best = first;
        float bestValue = in[inOff + first];
        if (MaxPooling.beats(in[inOff + first + 1], bestValue)) {
          best = first + 1;
          bestValue = in[inOff + best];
        }
        if (MaxPooling.beats(in[inOff + first + w], bestValue)) {
          best = first + w;
          bestValue = in[inOff + best];
        }
        if (MaxPooling.beats(in[inOff + first + w + 1], bestValue)) {
          best = first + w + 1;
          bestValue = in[inOff + best];
        }
        out[outOff + oy * ow + ox] = bestValue;
        winners[winOff + oy * ow + ox] = best;
      }
    }
  }
}
