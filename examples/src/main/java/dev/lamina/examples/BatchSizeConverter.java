package dev.lamina.examples;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --batch-size N|full}: a positive number, or {@code full} (0) for one batch per epoch. */
final class BatchSizeConverter implements ITypeConverter<Integer> {
  static final int FULL = 0;

  @Override
  public Integer convert(String value) {
    if (value.equalsIgnoreCase("full")) {
      return FULL;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new TypeConversionException("expected a positive number or 'full', got '" + value + "'");
  }
}
