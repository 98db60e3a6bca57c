package dev.lamina.training.io;

import java.util.Locale;

/**
 * Makes text that came from a model file safe to print in a one-line message. A file's names and
 * strings are arbitrary (a forged file may hold a 200,000-character layer name, an ANSI escape or a
 * line break that would cut the message before the defect is named), so every such value passes
 * through {@link #shown} before it enters a message, and {@link ModelFileException} passes its
 * whole message through {@link #oneLine} for the text that reaches it by other ways (a layer
 * codec's or a builder's message quoting a setting). Public for programs that print such messages:
 * the command line passes every failure line through {@link #oneLine(String, int)}.
 */
public final class FileText {
  /** How many characters (code points) of one value {@link #shown} keeps. */
  static final int MAX_SHOWN = 60;

  /** How many characters (code points) of a whole message {@link #oneLine} keeps. */
  static final int MAX_MESSAGE = 2000;

  private FileText() {}

  /**
   * {@code value} as it may appear in a message: its first {@link #MAX_SHOWN} code points with
   * control characters escaped (see {@link #escaped}), followed by {@code "... (N chars)"} when it
   * is longer, N counting its code points (plain ASCII dots: a terminal in the C locale shows
   * "…" as "?"). Values of up to {@link #MAX_SHOWN} printable characters are returned unchanged.
   */
  static String shown(String value) {
    int length = value.codePointCount(0, value.length());
    if (length <= MAX_SHOWN) {
      return escaped(value);
    }
    String head = value.substring(0, value.offsetByCodePoints(0, MAX_SHOWN));
    return escaped(head) + "... (" + length + " chars)";
  }

  /**
   * {@code message} on one line, at most about {@link #MAX_MESSAGE} code points: control characters
   * escaped as by {@link #escaped}; when longer, its middle is replaced by {@code "... (N chars
   * left out) ..."}, keeping its start (the file and where) and its end (usually the defect).
   */
  static String oneLine(String message) {
    return oneLine(message, MAX_MESSAGE);
  }

  /**
   * {@code message} on one line of at most about {@code maxLength} code points, as {@link
   * #oneLine(String)} makes it: control characters escaped, the middle of a longer one left out.
   */
  public static String oneLine(String message, int maxLength) {
    String line = escaped(message);
    int length = line.codePointCount(0, line.length());
    if (length <= maxLength) {
      return line;
    }
    int keep = maxLength / 2;
    int headEnd = line.offsetByCodePoints(0, keep);
    int tailStart = line.offsetByCodePoints(line.length(), -keep);
    return line.substring(0, headEnd)
        + "... ("
        + (length - 2 * keep)
        + " chars left out) ..."
        + line.substring(tailStart);
  }

  /**
   * {@code text} with every character that could break a line or steer a terminal written as an
   * escape: {@code \n}, {@code \r}, {@code \t} and otherwise {@code \}{@code uXXXX} for ISO control
   * characters (C0, DEL, C1), Unicode format characters (such as a right-to-left override, or the
   * tag characters beyond U+FFFF, written as their two UTF-16 escapes) and the line and paragraph
   * separators. Other characters, backslashes included, are kept.
   */
  static String escaped(String text) {
    if (text.codePoints().noneMatch(FileText::needsEscape)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    text.codePoints().forEach(c -> {
      if (!needsEscape(c)) {
        out.appendCodePoint(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else {
        for (char unit : Character.toChars(c)) {
          out.append(String.format(Locale.ROOT, "\\u%04x", (int) unit));
        }
      }
    });
    return out.toString();
  }

  private static boolean needsEscape(int c) {
    if (Character.isISOControl(c)) {
      return true;
    }
    int type = Character.getType(c);
    return type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }
}
