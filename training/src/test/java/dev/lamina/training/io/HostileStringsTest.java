package dev.lamina.training.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * Names and strings from a model file reach error messages escaped and shortened: one line, no
 * control characters, the defect still named, whatever the file holds.
 */
class HostileStringsTest {
  private static final LayerRegistry REGISTRY = TestModels.registry();

  @Test
  void aHugeLayerNameIsShortened() {
    ModelFileException e = failure(unregisteredLayer("x".repeat(200_000), "Nope"));

    assertTrue(e.getMessage().contains("x".repeat(60) + "... (200000 chars)"), e.getMessage());
    assertTrue(e.getMessage().contains("which is not registered"), e.getMessage());
    assertTrue(e.getMessage().length() < 1000, "length " + e.getMessage().length());
  }

  @Test
  void aLineBreakInALayerNameDoesNotCutTheMessage() {
    ModelFileException e = failure(unregisteredLayer("a\nb", "Nope"));

    assertOneLine(e);
    assertTrue(e.getMessage().contains("layer a\\nb has type 'Nope', which is not registered"),
        e.getMessage());
  }

  @Test
  void anAnsiEscapeAndNulInATypeNameAreEscaped() {
    ModelFileException e = failure(unregisteredLayer("l", "\u001b[31mRed\u0000"));

    assertOneLine(e);
    assertTrue(e.getMessage().contains("type '\\u001b[31mRed\\u0000'"), e.getMessage());
  }

  @Test
  void aConfigurationQuotedInAMessageIsEscapedAndShortened() {
    byte[] bytes =
        Crafted.file(
            o -> {
              Crafted.shape(o, 4);
              o.i32(1);
              o.string("a");
              o.string("TestAffine");
              o.i32(4);
              o.string("gain");
              o.u8(ConfigType.DOUBLE.tag());
              o.f64(1);
              o.string("many");
              o.u8(ConfigType.INTS.tag());
              o.i32(100_000);
              o.bytes(new byte[400_000]);
              o.string("note");
              o.u8(ConfigType.STRING.tag());
              o.string("\r\u2028" + "y".repeat(100_000));
              o.string("units");
              o.u8(ConfigType.INT.tag());
              o.i32(-3);
              o.i32(0);
              o.i32(0);
              o.u8(0);
            });

    ModelFileException e = failure(bytes);

    assertOneLine(e);
    assertTrue(e.getMessage().contains("cannot create layer a of type 'TestAffine'"),
        e.getMessage());
    assertTrue(e.getMessage().contains("many=[0, 0, 0, 0, 0, 0, 0, 0, ... (100000 values)]"),
        e.getMessage());
    assertTrue(e.getMessage().contains("note=\\r\\u2028yyy"), e.getMessage());
    assertTrue(e.getMessage().contains("... (100002 chars), units=-3}"), e.getMessage());
    assertTrue(e.getMessage().length() < 1000, "length " + e.getMessage().length());
  }

  @Test
  void aParameterNameIsEscaped() {
    byte[] bytes =
        Crafted.file(
            o -> {
              Crafted.oneLayerArchitecture(o);
              o.i32(1);
              o.string("sq/\nw" + "z".repeat(5000));
              Crafted.shape(o, 1000);
              o.u8(0);
            });

    ModelFileException e = failure(bytes);

    assertOneLine(e);
    assertTrue(e.getMessage().contains("sq/\\nwzzz"), e.getMessage());
    assertTrue(e.getMessage().contains("... (5005 chars)"), e.getMessage());
  }

  @Test
  void aTrainingStateNameIsEscaped() {
    byte[] bytes =
        Crafted.file(
            o -> {
              Crafted.oneLayerArchitecture(o);
              o.i32(0);
              o.u8(1);
              o.i32(2);
              o.string("b\n");
              o.i32(0);
              o.string("a\u001b");
              o.i32(0);
            });

    ModelFileException e = failure(bytes);

    assertOneLine(e);
    assertTrue(e.getMessage().contains("('a\\u001b' after 'b\\n')"), e.getMessage());
  }

  @Test
  void aLongOrBrokenMessageFromElsewhereIsMadeOneLineKeepingItsEnd() {
    String problem = "layer x: " + "\n".repeat(10) + "q".repeat(100_000) + " the defect";

    ModelFileException e = new ModelFileException("in\nput.lmf", problem);

    assertOneLine(e);
    assertTrue(e.getMessage().startsWith("in\\nput.lmf: layer x: \\n\\n"), e.getMessage());
    assertTrue(e.getMessage().endsWith("qqq the defect"), e.getMessage());
    assertTrue(e.getMessage().contains(" chars left out) ..."), e.getMessage());
    assertTrue(e.getMessage().length() <= FileText.MAX_MESSAGE + 100);
  }

  @Test
  void shownKeepsShortPrintableValuesAndWholeCodePoints() {
    assertEquals("dense_1/kernel", FileText.shown("dense_1/kernel"));
    assertEquals("héllo ∑ 🧠 \\ back", FileText.shown("héllo ∑ 🧠 \\ back"));
    assertEquals("\\t\\u007f\\u0085\\u202e", FileText.shown("\t\u007f\u0085\u202e"));
    // an invisible tag character beyond U+FFFF (U+E0041) is a format character too
    assertEquals("a\\udb40\\udc41b", FileText.shown("a" + Character.toString(0xE0041) + "b"));
    String emoji = "🧠".repeat(61);
    assertEquals("🧠".repeat(60) + "... (61 chars)", FileText.shown(emoji));
    assertEquals("a".repeat(60), FileText.shown("a".repeat(60)));
  }

  /** Any layer name at all: the message is one line of bounded length naming the defect. */
  @Property(tries = 200)
  void anyLayerNameGivesAOneLineMessage(@ForAll @StringLength(max = 300) String name) {
    ModelFileException e = failure(unregisteredLayer(name, "Nope"));

    assertOneLine(e);
    assertTrue(e.getMessage().contains("which is not registered"), e.getMessage());
    assertTrue(e.getMessage().length() < 1000, "length " + e.getMessage().length());
  }

  private static byte[] unregisteredLayer(String name, String type) {
    return Crafted.minimal(name, type);
  }

  private static ModelFileException failure(byte[] bytes) {
    return assertThrows(
        ModelFileException.class, () -> ModelFiles.decode("hostile.lmf", bytes, REGISTRY));
  }

  private static void assertOneLine(ModelFileException e) {
    String message = e.getMessage();
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      assertFalse(
          Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u202e',
          () -> "control character in: " + message);
    }
  }
}
