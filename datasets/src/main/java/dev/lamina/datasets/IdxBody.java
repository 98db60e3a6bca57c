package dev.lamina.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * What {@link IdxReader} makes of an IDX body once the header has passed every check: the bytes
 * themselves ({@link #BYTES}), or something made from them, such as the float features of {@link
 * IdxDatasets}, without ever holding the bytes whole.
 *
 * @param <T> what is made
 */
interface IdxBody<T> {
  /** The body as it is: {@link IdxData} holding the bytes. */
  IdxBody<IdxData> BYTES = new IdxBody<>() {
    @Override
    public boolean keepsBytes() {
      return true;
    }

    @Override
    public IdxData fromStream(Path file, int[] dims, InputStream body, int length)
        throws IOException {
      byte[] data = new byte[length];
      IdxReader.readFully(file, body, data, length);
      return new IdxData(file, dims, data);
    }

    @Override
    public IdxData fromArray(Path file, int[] dims, byte[] body) {
      return new IdxData(file, dims, body);
    }
  };

  /**
   * Whether what is made holds the body's bytes (then a raw file's body is counted against the
   * heap whole; else only the reader's piece buffer is).
   */
  boolean keepsBytes();

  /**
   * Judges the header's dimensions once the file has been found consistent with them (a raw
   * file's size matches; a gzip file could hold them), before anything is allocated for the
   * body: the place for checks against other files, which must not blame another file for a
   * header that lies. Accepts anything unless overridden.
   */
  default void checkDims(Path file, int[] dims) throws IdxFormatException {}

  /**
   * Made from a raw file, whose size matched the header: {@code body} holds exactly {@code
   * length} more bytes, all to be read with {@link IdxReader#readFully} or skipped with {@link
   * IdxReader#skipFully} (which name a file that shrank while being read); the reader then checks
   * that nothing follows.
   */
  T fromStream(Path file, int[] dims, InputStream body, int length) throws IOException;

  /**
   * Made from a gzip file's body, gathered first as it arrived (its header is not trusted for an
   * allocation before that); {@code body} is the whole payload and this body's to keep.
   */
  T fromArray(Path file, int[] dims, byte[] body) throws IOException;
}
