package dev.lamina.examples;

/**
 * A failure the command line reports as one line (exit code 1), already naming the file or option.
 */
final class CliFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CliFailure(String message, Throwable cause) {
    super(message, cause);
  }

  CliFailure(String message) {
    super(message);
  }
}
