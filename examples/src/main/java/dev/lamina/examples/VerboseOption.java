package dev.lamina.examples;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** {@code --verbose}: DEBUG logging, and a stack trace after an error's one-line message. */
public final class VerboseOption {
  private boolean verbose;

  @Option(names = "--verbose",
      description = "Log details (DEBUG) and print the stack trace of an error. Default: off.")
  void setVerbose(boolean on) {
    this.verbose = on;
    if (on && LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger) {
      ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.DEBUG);
    }
  }

  public boolean verbose() {
    return verbose;
  }
}
