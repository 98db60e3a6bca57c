package dev.lamina.tensor.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class TilingPropertyTest {
  @Property
  void tilesCoverTheOutputExactlyOnceOnMicroTileEdges(@ForAll @IntRange(min = 1, max = 3000) int m,
      @ForAll @IntRange(min = 1, max = 3000) int n,
      @ForAll @IntRange(min = 1, max = 8) int threads) {
    Tiling tiling = Tiling.choose(m, n, 6, 16, threads);
    long covered = 0;
    for (int t = 0; t < tiling.tasks(); t++) {
      int r0 = tiling.rowStart(t);
      int r1 = tiling.rowEnd(t);
      int c0 = tiling.colStart(t);
      int c1 = tiling.colEnd(t);
      assertTrue(r0 < r1 && r1 <= m && c0 < c1 && c1 <= n, "tile " + t + " is empty or outside");
      assertEquals(0, r0 % 6);
      assertEquals(0, c0 % 16);
      covered += (long) (r1 - r0) * (c1 - c0);
    }
    assertEquals((long) m * n, covered);
  }

}
