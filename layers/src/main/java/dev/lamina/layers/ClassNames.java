package dev.lamina.layers;

/**
 * How messages, summaries and automatic layer names name a user's class (a layer, an optimizer),
 * so that an anonymous class gets a name too.
 */
public final class ClassNames {
  private ClassNames() {}

  /**
   * {@code type}'s simple name, such as {@code Dense}; for an anonymous class, which has none, its
   * binary name without the package: {@code MyTest$1}, the enclosing class's simple name and its
   * number there ({@code Outer$Inner$1} inside a nested class). Never empty.
   */
  public static String simpleName(Class<?> type) {
    String simple = type.getSimpleName();
    if (!simple.isEmpty()) {
      return simple;
    }
    String binary = type.getName();
    return binary.substring(binary.lastIndexOf('.') + 1);
  }
}
