package dev.lamina.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Files copied from a local folder, e.g. one a system package installs ({@code apt-get install
 * dataset-fashion-mnist} puts Fashion-MNIST in {@code /usr/share/datasets/fashion-mnist}).
 */
public final class FolderSource implements DataSource {
  private final Path folder;
  private final String hint;

  /** Files in {@code folder}; {@code hint} tells how to get the folder when it is missing. */
  public FolderSource(Path folder, String hint) {
    this.folder = folder;
    this.hint = hint;
  }

  /** Debian's Fashion-MNIST package folder. */
  public static FolderSource debianFashionMnist() {
    return new FolderSource(Path.of("/usr/share/datasets/fashion-mnist"),
        "apt-get install dataset-fashion-mnist");
  }

  @Override
  public String description() {
    return "folder " + folder;
  }

  @Override
  public void fetch(List<String> files, Path dir) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new IOException("not present" + (hint.isEmpty() ? "" : " (" + hint + ")"));
    }
    List<String> missing = new ArrayList<>();
    for (String file : files) {
      Optional<Path> found = DataFiles.locate(folder, file);
      if (found.isPresent()) {
        Files.copy(found.get(), dir.resolve(found.get().getFileName()));
      } else {
        missing.add(file);
      }
    }
    if (!missing.isEmpty()) {
      throw new IOException("has no " + String.join(", ", missing));
    }
  }
}
