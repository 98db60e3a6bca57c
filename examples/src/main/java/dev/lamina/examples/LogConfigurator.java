package dev.lamina.examples;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The command line's logging, set up in code (Logback finds it through {@code
 * META-INF/services}): one short line per event on stderr, {@code LEVEL Logger: message}, at
 * WARN unless {@code -Dlamina.log.level} names another level (an unknown name means WARN); a
 * configuration file of the user's own ({@code -Dlogback.configurationFile}) still replaces all of
 * it. A {@code logback.xml} on the class path does not: a stale copy left in {@code
 * target/classes} by an earlier build would otherwise bring the XML back unseen. In code rather
 * than in a {@code logback.xml} because reading the XML configuration cost every start of the JVM
 * about 150 lambda and 160 XML classes.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
  /** The system property through which a Logback configuration file of the user's own wins. */
  static final String CONFIGURATION_FILE = "logback.configurationFile";


  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty(CONFIGURATION_FILE) != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY; // Logback's own configurator reads that file
    }
    OneLineLayout layout = new OneLineLayout();
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(System.getProperty("lamina.log.level"), Level.WARN));
    root.addAppender(stderr);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * {@code LEVEL Logger: message}, the level padded to five characters and the logger's simple
   * name, then the stack trace of an exception logged with the event: what Logback's {@code
   * PatternLayout} makes of {@code %-5level %logger{0}: %msg%n} (tested), without its table of
   * converters, which loaded 150 more classes (70 of them lambdas) at every start.
   */
  static final class OneLineLayout extends LayoutBase<ILoggingEvent> {
    @Override
    public String doLayout(ILoggingEvent event) {
      String logger = event.getLoggerName();
      StringBuilder line = new StringBuilder(128)
          .append(String.format("%-5s", event.getLevel()))
          .append(' ').append(logger.substring(logger.lastIndexOf('.') + 1))
          .append(": ").append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
      IThrowableProxy thrown = event.getThrowableProxy();
      if (thrown != null) {
        line.append(ThrowableProxyUtil.asString(thrown)); // ends with a line separator
      }
      return line.toString();
    }
  }
}
