package dev.lamina.tensor.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TilingTest {
  @Test
  void chooseChecksItsArgumentsAsOfDoes() {
    assertEquals("tiling: bad sizes 0x10 / 4x8 for 2 threads",
        assertThrows(IllegalArgumentException.class, () -> Tiling.choose(0, 10, 4, 8, 2))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> Tiling.choose(10, 10, 4, 8, 0));
    assertThrows(IllegalArgumentException.class, () -> Tiling.choose(10, 10, 0, 8, 2));
  }

  @Test
  void oneThreadGetsOneTile() {
    assertEquals(1, Tiling.choose(512, 512, 6, 16, 1).tasks());
  }

  @Test
  void twoThreadsGetWorkOnBothThreads() {
    Tiling tiling = Tiling.choose(512, 512, 6, 16, 2);
    assertTrue(tiling.tasks() >= 2 && tiling.tasks() % 2 == 0, "tasks: " + tiling.tasks());
  }

  @Test
  void aWideShortOutputIsCutIntoColumns() {
    Tiling tiling = Tiling.choose(6, 2704, 6, 16, 2);
    assertEquals(1, tiling.rowTiles());
    assertTrue(tiling.colTiles() >= 2);
  }

  @Test
  void rejectsMoreTilesThanMicroTiles() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tiling.of(10, 10, 6, 16, 3, 1));
    assertTrue(e.getMessage().contains("3 row tiles for 10 rows"), e.getMessage());
  }
}
