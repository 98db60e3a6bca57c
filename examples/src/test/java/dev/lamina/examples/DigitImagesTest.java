package dev.lamina.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DigitImagesTest {
  /** A {@code w x h} picture with a {@code rw x rh} rectangle of ink at (x, y). */
  private static BufferedImage picture(int w, int h, int x, int y, int rw, int rh,
      boolean darkOnLight) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(darkOnLight ? Color.WHITE : Color.BLACK);
    g.fillRect(0, 0, w, h);
    g.setColor(darkOnLight ? Color.BLACK : Color.WHITE);
    g.fillRect(x, y, rw, rh);
    g.dispose();
    return image;
  }

  @ParameterizedTest(name = "{0}x{1} with ink {4}x{5} at ({2},{3}), dark on light: {6}")
  @CsvSource({
      "200, 100, 10, 10, 40, 80, true",
      "50, 300, 30, 200, 10, 60, false",
      "5, 5, 1, 1, 2, 3, true",
      "28, 28, 0, 0, 28, 14, false",
  })
  void looksLikeAnMnistDigit(int w, int h, int x, int y, int rw, int rh, boolean darkOnLight) {
    Tensor digit = DigitImages.toMnist(picture(w, h, x, y, rw, rh, darkOnLight));

    assertEquals(Shape.of(1, 1, 28, 28), digit.shape());
    int top = 28;
    int bottom = 0;
    int left = 28;
    int right = 0;
    double mass = 0;
    double my = 0;
    double mx = 0;
    for (int r = 0; r < 28; r++) {
      for (int c = 0; c < 28; c++) {
        float v = digit.get(0, 0, r, c);
        assertTrue(v >= 0 && v <= 1, "pixel in [0, 1]: " + v);
        if (v > 0.1) {
          top = Math.min(top, r);
          bottom = Math.max(bottom, r + 1);
          left = Math.min(left, c);
          right = Math.max(right, c + 1);
        }
        mass += v;
        my += v * (r + 0.5);
        mx += v * (c + 0.5);
      }
    }
    assertEquals(20, Math.max(bottom - top, right - left), "the longer side fills the 20x20 box");
    double aspect = (double) Math.max(rw, rh) / Math.min(rw, rh);
    assertEquals(aspect,
        (double) Math.max(bottom - top, right - left) / Math.min(bottom - top, right - left),
        aspect * 0.15, "aspect kept");
    assertEquals(14, my / mass, 0.6, "centre of mass, rows");
    assertEquals(14, mx / mass, 0.6, "centre of mass, columns");
    assertEquals(0, digit.get(0, 0, 0, 0), "background black");
    assertEquals(1, digit.max(), 0.01, "ink white");
  }

  @Test
  void aTransparentBackgroundCountsAsWhitePaper() {
    BufferedImage image = new BufferedImage(40, 40, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.BLACK);
    g.fillRect(15, 5, 10, 30);
    g.dispose();

    Tensor digit = DigitImages.toMnist(image);

    assertEquals(0, digit.get(0, 0, 0, 0));
    assertEquals(1, digit.get(0, 0, 14, 14), 0.01);
  }

  @Test
  void tintedPaperBecomesBlackAndFaintInkFullyWhite() {
    BufferedImage image = new BufferedImage(60, 60, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(245, 240, 230));
    g.fillRect(0, 0, 60, 60);
    g.setColor(new Color(120, 120, 140));
    g.fillRect(10, 10, 8, 40);
    g.fillRect(42, 10, 8, 40);
    g.dispose();

    Tensor digit = DigitImages.toMnist(image);

    assertEquals(0, digit.get(0, 0, 0, 0));
    assertEquals(0, digit.get(0, 0, 14, 14),
        "paper between the strokes, inside the ink's box, is black too");
    assertEquals(1, digit.max(), 0.01);
  }

  @Test
  void aBlankImageIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DigitImages.toMnist(picture(30, 30, 0, 0, 0, 0, true)));
    assertTrue(e.getMessage().contains("blank"), e.getMessage());
  }
}
