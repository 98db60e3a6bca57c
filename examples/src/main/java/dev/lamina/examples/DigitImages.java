package dev.lamina.examples;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * Turns any picture of a digit into what an MNIST digit looks like: grey, white ink on black,
 * cropped to the ink, scaled to fit 20x20 with its aspect ratio kept, and pasted into 28x28 so that
 * its centre of mass is at the centre, as in LeCun's preparation of MNIST.
 */
public final class DigitImages {
  /** The side of the output image. */
  public static final int SIDE = 28;
  /** The side of the box the ink is scaled into. */
  public static final int BOX = 20;
  /** Ink darker than this (of 255) does not count for the bounding box. */
  private static final int INK_THRESHOLD = 32;

  private DigitImages() {}

  /**
   * Bytes {@link #toMnist} allocates per pixel of its input besides the input itself: 4 for the
   * grey levels (one {@code float} each, in one array) and at most 1 for the crop around the ink.
   */
  static final int BYTES_PER_PIXEL = 5;

  /**
   * The MNIST-like version of {@code image} as a {@code [1, 1, 28, 28]} tensor with values in
   * [0, 1]. Allocates {@link #BYTES_PER_PIXEL} bytes per pixel of {@code image}, beyond a few
   * kilobytes. Throws {@link IllegalArgumentException} when the image has no ink at all, or more
   * pixels than a Java array holds.
   */
  public static Tensor toMnist(BufferedImage image) {
    Grey ink = ink(image);
    int[] box = inkBox(ink);
    if (box == null) {
      throw new IllegalArgumentException(
          "the image is blank: no ink stands out from the background");
    }
    float[][] scaled = scaleToBox(ink, box);
    return centred(scaled);
  }

  /** Grey levels of a {@code width x height} picture, row after row in one array. */
  record Grey(int width, int height, float[] levels) {
    float at(int y, int x) {
      return levels[y * width + x];
    }
  }

  /**
   * Grey levels 0..255 with the ink bright and the background 0: alpha composited over white,
   * inverted when the border (taken as background) is light, then stretched so that the
   * background level becomes 0 and the brightest ink 255 (all 0 when the ink hardly stands out).
   */
  static Grey ink(BufferedImage image) {
    int h = image.getHeight();
    int w = image.getWidth();
    long pixels = (long) w * h;
    if (pixels > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "the image has %d x %d pixels, more than a Java array holds", w, h));
    }
    float[] grey = new float[(int) pixels];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int argb = image.getRGB(x, y);
        double alpha = (argb >>> 24) / 255.0;
        double luma = 0.299 * ((argb >> 16) & 0xff) + 0.587 * ((argb >> 8) & 0xff)
            + 0.114 * (argb & 0xff);
        grey[y * w + x] = (float) (alpha * luma + (1 - alpha) * 255);
      }
    }
    Grey result = new Grey(w, h, grey);
    boolean lightBackground = borderMean(result) > 127.5;
    float max = 0;
    for (int i = 0; i < grey.length; i++) {
      grey[i] = lightBackground ? 255 - grey[i] : grey[i];
      max = Math.max(max, grey[i]);
    }
    double background = borderMean(result);
    double range = max - background;
    for (int i = 0; i < grey.length; i++) {
      grey[i] =
          range < INK_THRESHOLD ? 0 : (float) Math.max(0, 255 * (grey[i] - background) / range);
    }
    return result;
  }

  private static double borderMean(Grey grey) {
    int h = grey.height();
    int w = grey.width();
    double sum = 0;
    int n = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (y == 0 || x == 0 || y == h - 1 || x == w - 1) {
          sum += grey.at(y, x);
          n++;
        }
      }
    }
    return sum / n;
  }

  /**
   * {@code [top, left, bottom, right]} (exclusive) of the pixels above the ink threshold, or null.
   */
  static int[] inkBox(Grey ink) {
    int top = Integer.MAX_VALUE;
    int left = Integer.MAX_VALUE;
    int bottom = -1;
    int right = -1;
    for (int y = 0; y < ink.height(); y++) {
      for (int x = 0; x < ink.width(); x++) {
        if (ink.at(y, x) > INK_THRESHOLD) {
          top = Math.min(top, y);
          left = Math.min(left, x);
          bottom = Math.max(bottom, y + 1);
          right = Math.max(right, x + 1);
        }
      }
    }
    return bottom < 0 ? null : new int[] {top, left, bottom, right};
  }

  /** The box's content scaled (area averaging) so that its longer side is {@link #BOX}. */
  static float[][] scaleToBox(Grey ink, int[] box) {
    int h = box[2] - box[0];
    int w = box[3] - box[1];
    BufferedImage crop = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int v = Math.round(ink.at(box[0] + y, box[1] + x));
        crop.getRaster().setSample(x, y, 0, v);
      }
    }
    double scale = (double) BOX / Math.max(h, w);
    int sw = Math.max(1, (int) Math.round(w * scale));
    int sh = Math.max(1, (int) Math.round(h * scale));
    Image scaledImage = crop.getScaledInstance(sw, sh, Image.SCALE_AREA_AVERAGING);
    BufferedImage scaled = new BufferedImage(sw, sh, BufferedImage.TYPE_BYTE_GRAY);
    scaled.getGraphics().drawImage(scaledImage, 0, 0, null);
    float[][] result = new float[sh][sw];
    for (int y = 0; y < sh; y++) {
      for (int x = 0; x < sw; x++) {
        result[y][x] = scaled.getRaster().getSample(x, y, 0);
      }
    }
    return result;
  }

  /** {@code digit} pasted into 28x28 with its centre of mass moved to the centre (kept inside). */
  static Tensor centred(float[][] digit) {
    int h = digit.length;
    int w = digit[0].length;
    double mass = 0;
    double my = 0;
    double mx = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        mass += digit[y][x];
        my += digit[y][x] * (y + 0.5);
        mx += digit[y][x] * (x + 0.5);
      }
    }
    int top = clamp((int) Math.round(SIDE / 2.0 - my / mass), SIDE - h);
    int left = clamp((int) Math.round(SIDE / 2.0 - mx / mass), SIDE - w);
    Tensor out = Tensor.zeros(Shape.of(1, 1, SIDE, SIDE));
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        out.set(digit[y][x] / 255f, 0, 0, top + y, left + x);
      }
    }
    return out;
  }

  private static int clamp(int offset, int max) {
    return Math.max(0, Math.min(max, offset));
  }
}
