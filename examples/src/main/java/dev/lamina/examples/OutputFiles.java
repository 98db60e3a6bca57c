package dev.lamina.examples;

import dev.lamina.datasets.AtomicFiles;
import dev.lamina.datasets.NotRegularFileException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Writes the command line's output files (models, reports, plots) completely or not at all through
 * {@link AtomicFiles}, creating the folder when missing, and checks before any work that they can
 * be written and do not overwrite each other or what the run reads.
 */
public final class OutputFiles {
  private OutputFiles() {}

  /** Something that writes one file, such as {@code ModelFiles.save}. */
  @FunctionalInterface
  interface Writer {
    void write() throws IOException;
  }

  /**
   * Runs {@code writer}, which writes {@code target}, after creating {@code target}'s missing
   * folders; when it fails, the folders this call created are removed again (those still empty),
   * so a failed write leaves nothing behind. So are they when the JVM shuts down (Ctrl-C, SIGTERM)
   * during the write: {@link AtomicFiles} then deletes the temporary file, and the folders it was
   * in are removed after it.
   */
  static void inFolderOf(Path target, Writer writer) throws IOException {
    inFolderOf(target, writer, true);
  }

  /** {@link #inFolderOf}, keeping the folders it created only if {@code keep} and all went well. */
  private static void inFolderOf(Path target, Writer writer, boolean keep) throws IOException {
    Path folder = target.toAbsolutePath().getParent();
    Path missing = null;
    // a link counts as there, even one pointing nowhere: it is the user's, never removed here
    for (Path p = folder; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS);
        p = p.getParent()) {
      missing = p;
    }
    Path firstMissing = missing;
    AtomicFiles.ShutdownCleanup atShutdown = firstMissing == null
        ? null : AtomicFiles.atShutdown(() -> removeEmpty(folder, firstMissing));
    boolean done = false;
    try {
      Files.createDirectories(folder);
      writer.write();
      done = true;
    } finally {
      if (!(done && keep) && firstMissing != null) {
        removeEmpty(folder, firstMissing);
      }
      if (atShutdown != null) {
        atShutdown.cancel();
      }
    }
  }

  /**
   * Deletes {@code folder} and its parents up to {@code last}, stopping at a non-empty one; those
   * that are not there (never created, or named too long to be) are passed over.
   */
  private static void removeEmpty(Path folder, Path last) {
    for (Path p = folder; p != null; p = p.getParent()) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          return; // not empty (or not ours to delete): what is left is someone's
        }
      }
      if (p.equals(last)) {
        return;
      }
    }
  }

  /**
   * Before the work starts: a usage error when an output given is the empty path, then {@link
   * #checkDistinct} of {@code outputs} and {@code inputs}, then {@link #checkWritable} of each
   * output given, in order.
   */
  public static void checkOutputs(CommandLine cli, Map<String, Path> outputs,
      Map<String, Path> inputs) {
    outputs.forEach((option, target) -> Checks.namesSomething(cli, option, target, "file"));
    checkDistinct(cli, outputs, inputs);
    outputs.forEach(OutputFiles::checkWritable);
  }

  /**
   * Before the work starts: fails with a usage error when two of {@code outputs} (option to file,
   * null for an option not given) name the same file, or one names a file of {@code inputs}
   * (description to a file the run reads), which the run would overwrite. Files are compared
   * through their real folders, and as files when they exist (a hard link or a symbolic link to
   * an input is the input).
   */
  public static void checkDistinct(CommandLine cli, Map<String, Path> outputs,
      Map<String, Path> inputs) {
    List<Map.Entry<String, Path>> seen = new ArrayList<>();
    for (Map.Entry<String, Path> input : inputs.entrySet()) {
      if (input.getValue() != null) {
        seen.add(input);
      }
    }
    for (Map.Entry<String, Path> output : outputs.entrySet()) {
      if (output.getValue() == null) {
        continue;
      }
      for (Map.Entry<String, Path> other : seen) {
        if (AtomicFiles.sameTarget(output.getValue(), other.getValue())) {
          throw new ParameterException(cli, String.format(Locale.ROOT,
              "%s %s is also %s: the run would overwrite it; give another file", output.getKey(),
              output.getValue(), other.getKey()));
        }
      }
      seen.add(output);
    }
  }

  /**
   * Before the work starts: checks that {@code target} could be written, so that an output that
   * cannot be written fails at once, naming {@code option}, rather than after the training it was
   * to record. Creates nothing that stays: the missing folders of {@code target} are created, and
   * in its folder an empty file is created under a name as long as that of the temporary file the
   * write will use ({@link AtomicFiles#checkWritable}), then the file and the folders are deleted
   * again ({@link #writeFor} creates them for good). So a name too long for the file system, in
   * the file or a missing folder, fails here. A null {@code target} (the option was not given)
   * passes; an empty one is {@link #checkOutputs}'s to refuse.
   *
   * @throws CliFailure naming {@code option} and {@code target} when {@code target} is a folder or
   *     exists and is not a regular file (a device, a named pipe; a link to a regular file is
   *     fine), a file stands where a folder of its path should be, a folder of its path is a link
   *     to nothing, or its missing folders or a file in its folder cannot be created
   */
  public static void checkWritable(String option, Path target) {
    if (target == null) {
      return;
    }
    String cannot = option + ": cannot write " + target + ": ";
    if (Files.isDirectory(target)) {
      throw new CliFailure(cannot + "it is a folder");
    }
    // Not a folder, so not the root: it has a parent, and the walk up ends at the root at worst.
    Path folder = target.toAbsolutePath().getParent();
    Path existing = folder;
    while (!Files.exists(existing)) {
      if (Files.isSymbolicLink(existing)) {
        throw new CliFailure(cannot + existing + " is a link to " + linkTarget(existing)
            + ", which does not exist");
      }
      existing = existing.getParent();
    }
    if (!Files.isDirectory(existing)) {
      throw new CliFailure(cannot + existing + " is a file, not a folder");
    }
    try {
      inFolderOf(target, () -> probe(cannot, target, folder), false);
    } catch (IOException e) {
      // only creating the folders throws it; the probe's failures are CliFailures
      Object where = e instanceof FileSystemException fs && fs.getFile() != null
          ? fs.getFile() : folder;
      throw new CliFailure(cannot + "cannot create the folder " + where + reason(e), e);
    }
  }

  /** {@link AtomicFiles#checkWritable} of {@code target}, its failure a {@link CliFailure}. */
  private static void probe(String cannot, Path target, Path folder) {
    try {
      AtomicFiles.checkWritable(target);
    } catch (NotRegularFileException e) {
      throw new CliFailure(cannot + e.getReason(), e);
    } catch (IOException e) {
      throw new CliFailure(cannot + "cannot create a file in " + folder + reason(e), e);
    }
  }

  /** Where the link {@code link} points, as written in it. */
  private static String linkTarget(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      return "a file";
    }
  }

  /** {@code " (why)"} for a file-system failure that says why, else {@code ""}. */
  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return " (permission denied)";
    }
    if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
      return " (" + ((FileSystemException) e).getReason() + ")";
    }
    return "";
  }

  /**
   * Writes {@code target} completely or not at all, creating its folder when missing; a failure
   * becomes a {@link CliFailure} naming {@code option}.
   */
  static void writeFor(String option, Path target, AtomicFiles.Content content) {
    writeFor(option, target, () -> AtomicFiles.write(target, content));
  }

  /**
   * Like {@link #inFolderOf}, turning a failure into a {@link CliFailure} naming {@code option};
   * for writers that are atomic themselves, such as {@code ModelFiles.save}.
   */
  static void writeFor(String option, Path target, Writer writer) {
    try {
      inFolderOf(target, writer);
    } catch (IOException e) {
      throw new CliFailure(option + ": cannot write " + target + ": " + CliErrors.describe(e), e);
    }
  }
}
