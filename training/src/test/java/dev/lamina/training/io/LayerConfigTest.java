package dev.lamina.training.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LayerConfigTest {
  @Test
  void gettersReturnWhatWasPut() {
    LayerConfig config = TestModels.allTypes();

    assertEquals(-7, config.getInt("int"));
    assertEquals(1L << 40, config.getLong("long"));
    assertEquals(Math.PI, config.getDouble("double"));
    assertTrue(config.getBoolean("flag"));
    assertEquals("héllo ∑ 🧠", config.getString("text"));
    assertArrayEquals(new int[] {3, 0, -1, Integer.MAX_VALUE}, config.getInts("ints"));
  }

  @Test
  void keysAreSortedWhateverTheInsertionOrder() {
    LayerConfig config = LayerConfig.builder().putInt("b", 1).putInt("a", 2).putInt("C", 3).build();

    assertEquals(List.of("C", "a", "b"), List.copyOf(config.keys()));
  }

  @Test
  void intArraysAreCopiedInAndOut() {
    int[] dims = {1, 2};
    LayerConfig config = LayerConfig.builder().putInts("dims", dims).build();
    dims[0] = 9;
    config.getInts("dims")[1] = 9;

    assertArrayEquals(new int[] {1, 2}, config.getInts("dims"));
  }

  @Test
  void aMissingKeyIsNamedWithTheKeysThatExist() {
    LayerConfig config = LayerConfig.builder().putInt("units", 3).build();

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> config.getInt("unit"));

    assertEquals("configuration has no 'unit' (it has [units])", e.getMessage());
  }

  @Test
  void aValueOfAnotherTypeIsNamed() {
    LayerConfig config = LayerConfig.builder().putLong("units", 3).build();

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> config.getInt("units"));

    assertEquals("configuration value 'units' is a long, not an int", e.getMessage());
  }

  @Test
  void aKeySetTwiceIsRejected() {
    LayerConfig.Builder builder = LayerConfig.builder().putInt("a", 1);

    assertThrows(IllegalArgumentException.class, () -> builder.putString("a", "x"));
  }

  @Test
  void emptyKeysAndNullValuesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> LayerConfig.builder().putInt("", 1));
    assertThrows(NullPointerException.class, () -> LayerConfig.builder().putString("a", null));
    assertThrows(NullPointerException.class, () -> LayerConfig.builder().putInts("a", null));
  }

  @Test
  void equalityComparesArraysByContent() {
    LayerConfig a =
        LayerConfig.builder().putInts("k", new int[] {1, 2}).putDouble("d", 0.5).build();
    LayerConfig b =
        LayerConfig.builder().putDouble("d", 0.5).putInts("k", new int[] {1, 2}).build();
    LayerConfig c =
        LayerConfig.builder().putInts("k", new int[] {1, 3}).putDouble("d", 0.5).build();

    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, c);
    assertEquals("{d=0.5, k=[1, 2]}", a.toString());
  }

  @Test
  void theEmptyConfigurationHasNothing() {
    assertEquals(0, LayerConfig.empty().size());
    assertFalse(LayerConfig.empty().has("a"));
    assertEquals(LayerConfig.empty(), LayerConfig.builder().build());
  }
}
