package dev.lamina.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShapeTest {
  @Test
  void coordinatesAreRowMajorAndCheckedAgainstTheSize() {
    Shape shape = Shape.of(2, 3, 4);

    assertArrayEquals(new int[] {0, 0, 0}, shape.coordinates(0));
    assertArrayEquals(new int[] {1, 1, 2}, shape.coordinates(12 + 4 + 2));
    assertArrayEquals(new int[] {1, 2, 3}, shape.coordinates(23));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> shape.coordinates(24));
    assertEquals("element 24 is outside shape [2, 3, 4] of 24 elements", e.getMessage());
  }

  @Test
  void describesItselfLikeAList() {
    assertEquals("[64, 1, 28, 28]", Shape.of(64, 1, 28, 28).toString());
    assertEquals(64 * 28 * 28, Shape.of(64, 1, 28, 28).size());
    assertEquals(4, Shape.of(64, 1, 28, 28).rank());
  }

  @Test
  void scalarHasOneElement() {
    assertEquals(1, Shape.of().size());
    assertEquals("[]", Shape.of().toString());
  }

  @Test
  void rejectsNonPositiveDimensionsNamingThem() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Shape.of(3, 0, 2));
    assertTrue(e.getMessage().contains("dimension 1 is 0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Shape.of(-1));
  }

  @Test
  void detectsElementCountOverflow() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Shape.of(65_536, 65_536));
    assertTrue(e.getMessage().contains("more than"), e.getMessage());
  }

  @Test
  void isImmutable() {
    int[] dims = {2, 3};
    Shape s = Shape.of(dims);
    dims[0] = 7;
    s.dims()[1] = 9;
    assertEquals(Shape.of(2, 3), s);
  }

  @Test
  void equalityFollowsDimensions() {
    assertEquals(Shape.of(2, 3), Shape.of(2, 3));
    assertEquals(Shape.of(2, 3).hashCode(), Shape.of(2, 3).hashCode());
    assertNotEquals(Shape.of(2, 3), Shape.of(3, 2));
    assertNotEquals(Shape.of(6), Shape.of(2, 3));
  }

  @Test
  void negativeAxesCountFromTheEnd() {
    Shape s = Shape.of(2, 3, 4);
    assertEquals(4, s.dim(-1));
    assertEquals(2, s.dim(-3));
    assertThrows(IndexOutOfBoundsException.class, () -> s.dim(3));
    assertThrows(IndexOutOfBoundsException.class, () -> s.dim(-4));
  }

  @Test
  void derivedShapes() {
    Shape s = Shape.of(2, 3, 4);
    assertEquals(Shape.of(5, 2, 3, 4), s.prepend(5));
    assertEquals(Shape.of(3, 4), s.dropFirst());
    assertEquals(Shape.of(2, 7, 4), s.withDim(1, 7));
    assertEquals(Shape.of(2, 4), s.without(1));
    assertEquals(6, s.sizeBefore(2));
    assertEquals(12, s.sizeAfter(0));
  }

  @Property
  void sizeIsTheProductAroundAnyAxis(
      @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 1, max = 9) Integer> dims,
      @ForAll @IntRange(min = 0, max = 4) int axisSeed) {
    Shape s = Shape.of(dims.stream().mapToInt(Integer::intValue).toArray());
    int axis = axisSeed % s.rank();
    assertEquals(s.size(), s.sizeBefore(axis) * s.dim(axis) * s.sizeAfter(axis));
    assertEquals(s, s.without(axis).rank() == 0 ? s : s.withDim(axis, s.dim(axis)));
    assertEquals(s.size() / s.dim(axis), s.rank() == 1 ? 1 : s.without(axis).size());
  }
}
