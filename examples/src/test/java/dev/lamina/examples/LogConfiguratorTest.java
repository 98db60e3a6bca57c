package dev.lamina.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogConfiguratorTest {
  @AfterEach
  void clearProperties() {
    System.clearProperty("lamina.log.level");
    System.clearProperty(LogConfigurator.CONFIGURATION_FILE);
  }

  @Test
  void logbackFindsItThroughTheServiceFile() {
    List<String> found = ServiceLoader.load(Configurator.class).stream()
        .map(provider -> provider.type().getName()).toList();
    assertEquals(List.of(LogConfigurator.class.getName()), found);
  }

  @Test
  void warningsGoToStderrUnlessAnotherLevelIsAskedFor() {
    Logger root = configured();
    assertEquals(Level.WARN, root.getLevel());
    ConsoleAppender<?> stderr = (ConsoleAppender<?>) root.getAppender("STDERR");
    assertEquals("System.err", stderr.getTarget());
    assertTrue(stderr.isStarted());

    System.setProperty("lamina.log.level", "INFO");
    assertEquals(Level.INFO, configured().getLevel());
    System.setProperty("lamina.log.level", "LOUD");
    assertEquals(Level.WARN, configured().getLevel(), "an unknown level means the default");
  }

  @Test
  void aConfigurationOfTheUsersOwnIsLeftToLogback() {
    System.setProperty(LogConfigurator.CONFIGURATION_FILE, "mine.xml");
    LoggerContext context = new LoggerContext();
    LogConfigurator configurator = new LogConfigurator();
    configurator.setContext(context);

    assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, configurator.configure(context));
    assertNull(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR"));
  }

  @Test
  void anEventReadsAsTheOldPatternHadIt() {
    LoggerContext context = new LoggerContext();
    LogConfigurator.OneLineLayout layout = new LogConfigurator.OneLineLayout();
    layout.setContext(context);
    PatternLayout pattern = new PatternLayout();
    pattern.setContext(context);
    pattern.setPattern("%-5level %logger{0}: %msg%n"); // the logback.xml this class replaced
    pattern.start();
    Logger logger = context.getLogger("dev.lamina.datasets.MnistLoader");
    LoggingEvent plain = new LoggingEvent("x", logger, Level.WARN, "cached {} is damaged", null,
        new Object[] {"t10k"});
    LoggingEvent failed = new LoggingEvent("x", logger, Level.ERROR, "stopped",
        new IllegalStateException("boom"), null);

    assertEquals("WARN  MnistLoader: cached t10k is damaged" + System.lineSeparator(),
        layout.doLayout(plain));
    assertEquals(pattern.doLayout(plain), layout.doLayout(plain));
    assertEquals(pattern.doLayout(failed), layout.doLayout(failed));
  }

  private static Logger configured() {
    LoggerContext context = new LoggerContext();
    LogConfigurator configurator = new LogConfigurator();
    configurator.setContext(context);
    assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, configurator.configure(context));
    return context.getLogger(Logger.ROOT_LOGGER_NAME);
  }
}
