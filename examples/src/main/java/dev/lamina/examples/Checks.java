package dev.lamina.examples;

import dev.lamina.tensor.compute.Parallel;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Range checks on option values; a failure is a usage error naming the option. */
public final class Checks {
  private Checks() {}

  /**
   * {@code path} unless it is the empty path, which names nothing: a usage error saying the option
   * must name a {@code what} ({@code "file"} or {@code "folder"}). Null passes: the option was not
   * given.
   */
  public static Path namesSomething(CommandLine cli, String option, Path path, String what) {
    if (path != null && path.toString().isEmpty()) {
      throw new ParameterException(cli, option + " must name a " + what + ", got ''");
    }
    return path;
  }

  /** {@code value} when positive (null passes: the option was not given). */
  public static Integer positive(CommandSpec spec, String option, Integer value) {
    if (value != null && value <= 0) {
      throw new ParameterException(spec.commandLine(), option + " must be positive, got " + value);
    }
    return value;
  }

  /**
   * A thread count: {@code value} when in {@code [1, Parallel.MAX_THREADS]} (null passes: the
   * option was not given).
   */
  public static Integer threads(CommandSpec spec, String option, Integer value) {
    if (value != null && !Parallel.isValidThreads(value)) {
      throw new ParameterException(spec.commandLine(),
          option + " must be in [1, " + Parallel.MAX_THREADS + "], got " + value);
    }
    return value;
  }

  /**
   * {@code value} when positive and finite, also as the {@code float} the optimizers compute in
   * (so not above {@link Float#MAX_VALUE} nor below {@link Float#MIN_VALUE}).
   */
  public static double positiveNumber(CommandSpec spec, String option, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new ParameterException(
          spec.commandLine(), option + " must be a positive number, got " + value);
    }
    float single = (float) value;
    if (single == 0 || Float.isInfinite(single)) {
      throw new ParameterException(spec.commandLine(), String.format(Locale.ROOT,
          "%s must be a positive number a float holds (%s to %s), got %s",
          option, Float.MIN_VALUE, Float.MAX_VALUE, value));
    }
    return value;
  }

  /** {@code name} when it names one of {@link Models#NAMES} (in any case). */
  public static String model(CommandSpec spec, String option, String name) {
    if (!Models.NAMES.contains(name.toLowerCase(Locale.ROOT))) {
      throw new ParameterException(spec.commandLine(), option + ": unknown model '" + name
          + "'; known: " + String.join(", ", Models.NAMES));
    }
    return name;
  }
}
