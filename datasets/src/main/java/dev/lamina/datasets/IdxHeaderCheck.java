package dev.lamina.datasets;

import java.nio.file.Path;

/**
 * A caller's demands on an IDX file, checked from its header (dimensions already known to be
 * positive) before anything is allocated for the body.
 */
@FunctionalInterface
interface IdxHeaderCheck {
  /** Accepts any dimensions and allocates nothing besides the body. */
  IdxHeaderCheck NONE = (file, dims) -> 0;

  /**
   * Throws when {@code dims} are not what the caller wants (naming {@code file}); else returns
   * how many bytes the caller will allocate while it holds the body (e.g. a float copy), which
   * are counted against the heap together with the body.
   */
  long check(Path file, int[] dims) throws IdxFormatException;
}
