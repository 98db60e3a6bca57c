package dev.lamina.datasets;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/** Extracts chosen regular files from a gzip-compressed (us)tar archive such as an npm package. */
final class TarGz {
  private static final int BLOCK = 512;

  private TarGz() {}

  /**
   * Copies each archive entry named by a key of {@code wanted} to the path it maps to.
   *
   * @return the entry names that were found and copied
   */
  static Set<String> extract(Path archive, Map<String, Path> wanted) throws IOException {
    Set<String> done = new HashSet<>();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(archive), IdxStreams.BUFFER)) {
      byte[] header = new byte[BLOCK];
      while (done.size() < wanted.size()) {
        if (in.readNBytes(header, 0, BLOCK) < BLOCK || isZero(header)) {
          break;
        }
        String name = entryName(header);
        long size = octal(header, 124, 12);
        byte type = header[156];
        Path target = wanted.get(name);
        if (target != null && (type == '0' || type == 0)) {
          try (OutputStream out = Files.newOutputStream(target)) {
            copy(in, out, size);
          }
          done.add(name);
        } else {
          skip(in, size);
        }
        skip(in, (BLOCK - size % BLOCK) % BLOCK);
      }
    }
    return done;
  }

  private static String entryName(byte[] h) {
    String name = cString(h, 0, 100);
    boolean ustar = cString(h, 257, 5).equals("ustar");
    String prefix = ustar ? cString(h, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  private static String cString(byte[] h, int from, int length) {
    int end = from;
    while (end < from + length && h[end] != 0) {
      end++;
    }
    return new String(h, from, end - from, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] h, int from, int length) throws IOException {
    long value = 0;
    for (int i = from; i < from + length && h[i] != 0 && h[i] != ' '; i++) {
      if (h[i] < '0' || h[i] > '7') {
        throw new IOException("malformed tar header: bad size field");
      }
      value = value * 8 + (h[i] - '0');
    }
    return value;
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static void copy(InputStream in, OutputStream out, long size) throws IOException {
    byte[] buffer = new byte[IdxStreams.BUFFER];
    long left = size;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new EOFException("tar archive ends inside an entry");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  private static void skip(InputStream in, long size) throws IOException {
    copy(in, OutputStream.nullOutputStream(), size);
  }
}
