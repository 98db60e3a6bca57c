package dev.lamina.tensor.compute;

/**
 * im2col's unfolding of an image into columns, and the fold of the columns back onto their image
 * (col2im, the gradient of im2col), for the common geometry, stride 1 and no padding. Their plain
 * loops copy or add rows of only {@code ow} floats (8 for LeNet's second convolution), which the
 * JIT does not vectorize well and {@code System.arraycopy} is slow for.
 *
 * <p>For an image {@code [channels, h, w]} and a {@code kh × kw} kernel the output is
 * {@code oh = h - kh + 1} by {@code ow = w - kw + 1}; row {@code (c·kh + ky)·kw + kx} of the
 * column matrix starts at {@code cols[colsOff + ((c·kh + ky)·kw + kx)·ld]} and holds
 * {@code oh·ow} entries, row-major, so {@code ld} is at least {@code oh·ow}. Every implementation
 * copies the same values and adds in the same order, so all give bitwise the same columns and
 * image.
 */
public interface ColumnFolding {
  /**
   * Writes the image's columns: for every {@code c}, {@code ky}, {@code kx}, {@code y}, {@code x},
   * {@code cols[colsOff + ((c·kh + ky)·kw + kx)·ld + y·ow + x] = in[inOff + (c·h + y + ky)·w
   * + x + kx]}. Only those {@code oh·ow} entries of each row of {@code cols} are modified; other
   * threads may write the rest of {@code cols} (another image's entries) at the same time.
   * {@code in} is read only within the image and is not modified. A kernel larger than the image
   * ({@code oh} or {@code ow} below 1) writes nothing.
   */
  void unfoldUnitStride(float[] in, int inOff, int channels, int h, int w, int kh, int kw,
      float[] cols, int colsOff, int ld);

  /**
   * Adds every column entry onto its pixel: for {@code c}, {@code ky}, {@code kx}, {@code y},
   * {@code x} in that nesting order, {@code out[outOff + (c·h + y + ky)·w + x + kx] +=
   * cols[colsOff + ((c·kh + ky)·kw + kx)·ld + y·ow + x]}. Only
   * {@code out[outOff, outOff + channels·h·w)} is modified (accumulated into); other threads may
   * write the rest of {@code out} at the same time. {@code cols} may be read past its rows' entries
   * but is not modified.
   */
  void addUnitStride(float[] cols, int colsOff, int ld, int channels, int h, int w, int kh, int kw,
      float[] out, int outOff);
}
