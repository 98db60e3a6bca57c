package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GradientReportTest {
  private static final GradientReport.Element GOOD =
      new GradientReport.Element("input", new int[] {0, 1}, 1.0, 1.001, 0.001);

  @Test
  void unresolvedElementsAsideTheComparedOnesDecide() {
    GradientReport report = new GradientReport(1e-2, 10, 1, 4, GOOD);

    assertTrue(report.passed());
    assertEquals(4, report.unresolved());
    assertEquals("gradient check passed: 10 elements, 1 kinks skipped, 4 unresolved (their"
        + " gradient below the float32 rounding of the value), tolerance 1.0e-02; worst"
        + " input[0, 1]: analytic 1.00000, numeric 1.00100, relative error 0.00100",
        report.toString());
  }

  @Test
  void aReportThatComparedNothingBecauseNothingWasResolvedFails() {
    GradientReport report = new GradientReport(1e-2, 5, 2, 3, null);

    assertFalse(report.passed());
    assertTrue(report.toString().startsWith("gradient check FAILED: 5 elements, 2 kinks skipped,"
        + " 3 unresolved"), report.toString());
  }

  @Test
  void theFourArgumentReportHasNothingUnresolved() {
    GradientReport report = new GradientReport(1e-2, 3, 3, null);

    assertTrue(report.passed());
    assertEquals(0, report.unresolved());
    assertEquals("gradient check passed: 3 elements, 3 kinks skipped, tolerance 1.0e-02",
        report.toString());
  }
}
