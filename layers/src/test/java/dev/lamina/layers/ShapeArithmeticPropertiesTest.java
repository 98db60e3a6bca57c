package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.tensor.Shape;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class ShapeArithmeticPropertiesTest {
  @Property(tries = 300)
  void convOutputFollowsTheFormulaOrIsRejected(@ForAll @IntRange(min = 1, max = 40) int h,
      @ForAll @IntRange(min = 1, max = 40) int w, @ForAll @IntRange(min = 1, max = 7) int kh,
      @ForAll @IntRange(min = 1, max = 7) int kw, @ForAll @IntRange(min = 1, max = 4) int stride,
      @ForAll @IntRange(min = 0, max = 3) int pad) {
    Conv2D conv = Conv2D.builder(3).kernel(kh, kw).stride(stride).padding(pad).build();
    Shape in = Shape.of(2, h, w);
    if (h + 2 * pad < kh || w + 2 * pad < kw) {
      assertThrows(IllegalArgumentException.class, () -> conv.outputShape(in));
      return;
    }
    assertEquals(Shape.of(3, (h - kh + 2 * pad) / stride + 1, (w - kw + 2 * pad) / stride + 1),
        conv.outputShape(in));
  }

  @Property(tries = 200)
  void poolingKeepsChannelsAndFollowsTheFormula(@ForAll @IntRange(min = 1, max = 30) int h,
      @ForAll @IntRange(min = 1, max = 5) int k, @ForAll @IntRange(min = 1, max = 3) int stride,
      @ForAll @IntRange(min = 0, max = 2) int pad) {
    Assume.that(2 * pad <= k && h + 2 * pad >= k);

    Shape out = new AvgPool2D(k, stride, pad).outputShape(Shape.of(5, h, h));

    assertEquals(Shape.of(5, (h - k + 2 * pad) / stride + 1, (h - k + 2 * pad) / stride + 1), out);
    assertEquals(out, new MaxPool2D(k, stride, pad).outputShape(Shape.of(5, h, h)));
  }

  @Property(tries = 100)
  void flattenKeepsTheSize(@ForAll @IntRange(min = 1, max = 9) int a,
      @ForAll @IntRange(min = 1, max = 9) int b, @ForAll @IntRange(min = 1, max = 9) int c) {
    assertEquals(Shape.of(a * b * c), new Flatten().outputShape(Shape.of(a, b, c)));
  }
}
