package dev.lamina.examples;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.awt.Image;
import java.awt.image.BufferedImage;

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
   * The MNIST-like version of {@code image} as a {@code [1, 1, 28, 28]} tensor with values in
   * [0, 1]. Throws {@link IllegalArgumentException} when the image has no ink at all.
   */
  public static Tensor toMnist(BufferedImage image) {
    float[][] ink = ink(image);
    int[] box = inkBox(ink);
    if (box == null) {
      throw new IllegalArgumentException(
          "the image is blank: no ink stands out from the background");
    }
    float[][] scaled = scaleToBox(ink, box);
    return centred(scaled);
  }

  /**
   * Grey levels 0..255 with the ink bright and the background 0: alpha composited over white,
   * inverted when the border (taken as background) is light, then stretched so that the
   * background level becomes 0 and the brightest ink 255 (all 0 when the ink hardly stands out).
   */
  static float[][] ink(BufferedImage image) {
    int h = image.getHeight();
    int w = image.getWidth();
    float[][] grey = new float[h][w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int argb = image.getRGB(x, y);
        double alpha = (argb >>> 24) / 255.0;
        double luma = 0.299 * ((argb >> 16) & 0xff) + 0.587 * ((argb >> 8) & 0xff)
            + 0.114 * (argb & 0xff);
        grey[y][x] = (float) (alpha * luma + (1 - alpha) * 255);
      }
    }
    boolean lightBackground = borderMean(grey) > 127.5;
    float max = 0;
    for (float[] row : grey) {
      for (int x = 0; x < w; x++) {
        row[x] = lightBackground ? 255 - row[x] : row[x];
        max = Math.max(max, row[x]);
      }
    }
    double background = borderMean(grey);
    double range = max - background;
    for (float[] row : grey) {
      for (int x = 0; x < w; x++) {
        row[x] =
            range < INK_THRESHOLD ? 0 : (float) Math.max(0, 255 * (row[x] - background) / range);
      }
    }
    return grey;
  }

  private static double borderMean(float[][] grey) {
    int h = grey.length;
    int w = grey[0].length;
    double sum = 0;
    int n = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (y == 0 || x == 0 || y == h - 1 || x == w - 1) {
          sum += grey[y][x];
          n++;
        }
      }
    }
    return sum / n;
  }

  /**
   * {@code [top, left, bottom, right]} (exclusive) of the pixels above the ink threshold, or null.
   */
  static int[] inkBox(float[][] ink) {
    int top = Integer.MAX_VALUE;
    int left = Integer.MAX_VALUE;
    int bottom = -1;
    int right = -1;
    for (int y = 0; y < ink.length; y++) {
      for (int x = 0; x < ink[y].length; x++) {
        if (ink[y][x] > INK_THRESHOLD) {
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
  static float[][] scaleToBox(float[][] ink, int[] box) {
    int h = box[2] - box[0];
    int w = box[3] - box[1];
    BufferedImage crop = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int v = Math.round(ink[box[0] + y][box[1] + x]);
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
