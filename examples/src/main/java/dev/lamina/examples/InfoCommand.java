package dev.lamina.examples;

import dev.lamina.tensor.compute.ComputeBackends;
import dev.lamina.tensor.compute.Parallel;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lamina info}: what this installation runs on. */
@Command(name = "info", mixinStandardHelpOptions = true,
    description = "Print the Lamina and Java versions, compute backend and threads.")
final class InfoCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "Lamina   %s%n", LaminaVersion.get());
    out.printf(Locale.ROOT, "Java     %s (%s)%n",
        Runtime.version(), System.getProperty("java.vm.name"));
    out.printf(Locale.ROOT, "Backend  %s%n", ComputeBackends.current().name());
    out.printf(Locale.ROOT, "Threads  %d%n", Parallel.threads());
  }
}
