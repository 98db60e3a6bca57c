package dev.lamina.tensor.compute;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Locale;

/**
 * A cut of an {@code m × n} output into {@code rowTiles × colTiles} tiles whose edges fall on
 * multiples of a micro-tile ({@code mr × nr}), chosen so that the tiles keep the given number of
 * threads evenly busy. Task {@code t} is the tile at row {@code t / colTiles}, column
 * {@code t % colTiles}.
 */
public final class Tiling {
  /** Relative cost of packing one row or column of a tile, against one element of C. */
  private static final int PACK_WEIGHT = 16;
  private static final int MAX_TASKS_PER_THREAD = 8;
  /** At least this many tasks per thread (when C has enough micro-tiles), so that a thread
   * delayed by other work on the machine is covered by the others. */
  private static final int MIN_TASKS_PER_THREAD = 2;

  private final int m;
  private final int n;
  private final int mr;
  private final int nr;
  private final int rowTiles;
  private final int colTiles;

  private Tiling(int m, int n, int mr, int nr, int rowTiles, int colTiles) {
    this.m = m;
    this.n = n;
    this.mr = mr;
    this.nr = nr;
    this.rowTiles = rowTiles;
    this.colTiles = colTiles;
  }

  /** The tiling of an {@code m × n} output into exactly {@code rowTiles × colTiles} tiles. */
  public static Tiling of(int m, int n, int mr, int nr, int rowTiles, int colTiles) {
    checkArgument(m > 0 && n > 0 && mr > 0 && nr > 0,
        "tiling: bad sizes %sx%s / %sx%s", m, n, mr, nr);
    checkArgument(rowTiles > 0 && rowTiles <= panels(m, mr),
        "tiling: %s row tiles for %s rows", rowTiles, m);
    checkArgument(colTiles > 0 && colTiles <= panels(n, nr),
        "tiling: %s column tiles for %s columns", colTiles, n);
    return new Tiling(m, n, mr, nr, rowTiles, colTiles);
  }

  /**
   * The tiling with the smallest estimated time on {@code threads} threads (the slowest thread's
   * share of multiply-adds plus the packing each tile repeats) among those with at least two
   * tasks per thread where the output allows it.
   */
  public static Tiling choose(int m, int n, int mr, int nr, int threads) {
    if (m <= 0 || n <= 0 || mr <= 0 || nr <= 0 || threads <= 0) { // no boxing on the hot path
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "tiling: bad sizes %dx%d / %dx%d for %d threads", m, n, mr, nr, threads));
    }
    int panelsM = panels(m, mr);
    int panelsN = panels(n, nr);
    int maxTasks = threads == 1 ? 1 : threads * MAX_TASKS_PER_THREAD;
    int minTasks = threads == 1 ? 1
        : (int) Math.min((long) panelsM * panelsN, (long) threads * MIN_TASKS_PER_THREAD);
    int bestR = 1;
    int bestC = 1;
    long bestCost = Long.MAX_VALUE;
    for (int r = 1; r <= Math.min(panelsM, maxTasks); r++) {
      for (int c = 1; c <= Math.min(panelsN, maxTasks / r); c++) {
        long rows = (long) ceilDiv(panelsM, r) * mr;
        long cols = (long) ceilDiv(panelsN, c) * nr;
        long rounds = ceilDiv(r * c, threads);
        long cost = rounds * (rows * cols + PACK_WEIGHT * (rows + cols));
        if (r * c >= minTasks && cost < bestCost) {
          bestCost = cost;
          bestR = r;
          bestC = c;
        }
      }
    }
    return new Tiling(m, n, mr, nr, bestR, bestC);
  }

  public int tasks() {
    return rowTiles * colTiles;
  }

  public int rowTiles() {
    return rowTiles;
  }

  public int colTiles() {
    return colTiles;
  }

  /** First row of task {@code t}'s tile. */
  public int rowStart(int t) {
    return edge(t / colTiles, rowTiles, m, mr);
  }

  /** One past the last row of task {@code t}'s tile. */
  public int rowEnd(int t) {
    return edge(t / colTiles + 1, rowTiles, m, mr);
  }

  /** First column of task {@code t}'s tile. */
  public int colStart(int t) {
    return edge(t % colTiles, colTiles, n, nr);
  }

  /** One past the last column of task {@code t}'s tile. */
  public int colEnd(int t) {
    return edge(t % colTiles + 1, colTiles, n, nr);
  }

  private static int edge(int tile, int tiles, int size, int micro) {
    long panel = (long) panels(size, micro) * tile / tiles;
    return (int) Math.min(size, panel * micro);
  }

  private static int panels(int size, int micro) {
    return ceilDiv(size, micro);
  }

  private static int ceilDiv(int x, int y) {
    return (x + y - 1) / y;
  }
}
