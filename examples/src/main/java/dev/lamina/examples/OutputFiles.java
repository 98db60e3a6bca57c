package dev.lamina.examples;

import dev.lamina.datasets.AtomicFiles;
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
   * so a failed write leaves nothing behind.
   */
  static void inFolderOf(Path target, Writer writer) throws IOException {
    Path folder = target.toAbsolutePath().getParent();
    Path firstMissing = null;
    // a link counts as there, even one pointing nowhere: it is the user's, never removed here
    for (Path p = folder; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS);
        p = p.getParent()) {
      firstMissing = p;
    }
    boolean done = false;
    try {
      Files.createDirectories(folder);
      writer.write();
      done = true;
    } finally {
      if (!done && firstMissing != null) {
        removeEmpty(folder, firstMissing);
      }
    }
  }

  /** Deletes {@code folder} and its parents up to {@code last}, stopping at a non-empty one. */
  private static void removeEmpty(Path folder, Path last) {
    for (Path p = folder; p != null; p = p.getParent()) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        return; // not empty (or not ours to delete): what is left is someone's
      }
      if (p.equals(last)) {
        return;
      }
    }
  }

  /**
   * Before the work starts: {@link #checkDistinct} of {@code outputs} and {@code inputs}, then
   * {@link #checkWritable} of each output given, in order.
   */
  public static void checkOutputs(CommandLine cli, Map<String, Path> outputs,
      Map<String, Path> inputs) {
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
   * to record. Creates nothing that stays: missing folders are left for {@link #writeFor} to
   * create, and the check creates and deletes one empty probe file in the nearest folder that
   * exists. A null {@code target} (the option was not given) passes.
   *
   * @throws CliFailure naming {@code option} and {@code target} when {@code target} is a folder,
   *     a file stands where a folder of its path should be, or no file can be created in the
   *     nearest existing folder
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
    Path existing = target.toAbsolutePath().getParent();
    while (!Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (!Files.isDirectory(existing)) {
      throw new CliFailure(cannot + existing + " is a file, not a folder");
    }
    Path probe;
    try {
      probe = Files.createTempFile(existing, ".lamina-", ".probe");
    } catch (IOException e) {
      throw new CliFailure(cannot + "cannot create a file in " + existing + reason(e), e);
    }
    try {
      Files.delete(probe);
    } catch (IOException e) {
      throw new CliFailure(cannot + "could not delete the test file " + probe + reason(e), e);
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
