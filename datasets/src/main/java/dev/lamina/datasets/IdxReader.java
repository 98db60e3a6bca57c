package dev.lamina.datasets;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads IDX files of unsigned bytes (the MNIST format), raw or gzip-compressed (told apart by the
 * first bytes, not the name; nothing may follow the gzip stream, see {@link
 * StrictGzipInputStream}), and rejects anything that is not exactly what the header promises.
 *
 * <p>The header is never trusted for an allocation: for a raw file the promised size must equal
 * the file's size before anything is allocated; for gzip the promise must fit what the compressed
 * size can hold (deflate expands at most about 1032:1) and the payload buffer grows only as
 * decompressed bytes actually arrive. Either way what reading needs (for gzip, the buffer while it
 * grows) and what the caller makes of the body must fit what the Java heap can still give, else
 * the file is refused from its header naming what it needs. Reading stops one byte after the
 * promised size.
 *
 * <p>A raw body reaches the caller's {@link IdxBody} as a stream, so what it makes (e.g. floats)
 * never waits for the bytes whole; a gzip body is gathered first, then handed over.
 */
public final class IdxReader {
  /** The largest payload one Java array holds. */
  static final long MAX_PAYLOAD = Integer.MAX_VALUE - 16;
  /** Deflate's maximum expansion ratio, rounded up. */
  static final long MAX_GZIP_RATIO = 1032;
  private static final int FIRST_CHUNK = 1 << 20;
  /** The most of a raw body a stream reading it buffers at once. */
  static final int PIECE = IdxStreams.BUFFER;

  private IdxReader() {}

  /**
   * Reads {@code file}, which must hold an IDX array of unsigned bytes of rank {@code rank}
   * (3 for images, 1 for labels) with positive dimensions and exactly the promised bytes.
   *
   * @throws IdxFormatException naming the file and the defect, also when it is missing or
   *     unreadable, or when its body would not fit what the Java heap can still give
   */
  public static IdxData read(Path file, int rank) throws IdxFormatException {
    return read(file, rank, IdxHeaderCheck.NONE, HeapBudget.JVM);
  }

  /**
   * As {@link #read(Path, int)}, also refusing the file when {@code check} rejects its
   * dimensions, or when the body together with what {@code check} says the caller will add does
   * not fit {@code heap}; both are decided from the header, before the body is allocated.
   */
  static IdxData read(Path file, int rank, IdxHeaderCheck check, HeapBudget heap)
      throws IdxFormatException {
    return read(file, rank, check, heap, IdxBody.BYTES);
  }

  /**
   * As {@link #read(Path, int, IdxHeaderCheck, HeapBudget)}, returning what {@code body} makes
   * of the payload; {@code check}'s bytes are what {@code body} allocates besides the payload.
   */
  static <T> T read(Path file, int rank, IdxHeaderCheck check, HeapBudget heap, IdxBody<T> body)
      throws IdxFormatException {
    checkArgument(rank >= 1 && rank <= 255, "rank must be in [1, 255], got %s", rank);
    long fileSize = sizeOf(file);
    if (fileSize == 0) {
      throw new IdxFormatException(file, "empty file");
    }
    boolean gzip = false;
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), IdxStreams.BUFFER)) {
      gzip = IdxStreams.startsWithGzipMagic(raw);
      InputStream in = gzip ? new StrictGzipInputStream(raw, IdxStreams.BUFFER) : raw;
      try (in) {
        int[] dims = readHeader(file, in, rank,
            gzip ? "gzip content ends early" : "file has " + fileSize + " bytes");
        long extra = check.check(file, dims);
        long promised = promisedBytes(dims);
        if (gzip) {
          checkGzipCanHold(file, fileSize, promised);
        } else {
          checkRawSize(file, fileSize, promised);
        }
        checkFitsArray(file, promised);
        body.checkDims(file, dims);
        int payload = (int) (promised - headerBytes(rank));
        if (gzip) {
          heap.require(file, loading(dims), Math.max(growthPeak(payload), payload + extra));
          return body.fromArray(file, dims, gatherGzip(file, in, promised, payload));
        }
        long reading = body.keepsBytes() ? payload : Math.min(payload, PIECE);
        heap.require(file, loading(dims), reading + extra);
        T made = body.fromStream(file, dims, in, payload);
        if (in.read() >= 0) {
          throw changedWhileRead(file);
        }
        return made;
      }
    } catch (IdxFormatException e) {
      throw e;
    } catch (IOException e) {
      String what = gzip ? "broken gzip: " : "unreadable: ";
      throw new IdxFormatException(file, what + IoProblems.describe(e), e);
    }
  }

  private static long sizeOf(Path file) throws IdxFormatException {
    try {
      return Files.size(file);
    } catch (NoSuchFileException e) {
      throw new IdxFormatException(file, "missing: no such file " + file.toAbsolutePath(), e);
    } catch (IOException e) {
      throw new IdxFormatException(file, "unreadable: " + IoProblems.describe(e), e);
    }
  }

  /** A raw file must be exactly as large as its header promises. */
  private static void checkRawSize(Path file, long fileSize, long promised)
      throws IdxFormatException {
    if (promised != fileSize) {
      String defect = promised > fileSize ? "truncated" : "trailing data";
      throw new IdxFormatException(file, String.format(
          Locale.ROOT,
          "%s: header promises %s bytes, file has %d", defect, describe(promised), fileSize));
    }
  }

  /** A gzip file's header may promise no more than its compressed size can hold. */
  private static void checkGzipCanHold(Path file, long fileSize, long promised)
      throws IdxFormatException {
    long possible = fileSize * MAX_GZIP_RATIO + 1024;
    if (promised > possible) {
      throw new IdxFormatException(file, String.format(
          Locale.ROOT,
          "truncated: header promises %s bytes, a %d-byte gzip file holds at most %d",
          describe(promised), fileSize, possible));
    }
  }

  /**
   * Reads exactly {@code length} bytes of {@code in} into {@code into}, from its start.
   *
   * @throws IdxFormatException naming {@code file} when the stream ends first: the file's size
   *     matched its header, so it changed while being read
   */
  static void readFully(Path file, InputStream in, byte[] into, int length) throws IOException {
    if (in.readNBytes(into, 0, length) != length) {
      throw changedWhileRead(file);
    }
  }

  /**
   * Skips exactly {@code length} bytes of {@code in}.
   *
   * @throws IdxFormatException naming {@code file} when the stream ends first (see {@link
   *     #readFully})
   */
  static void skipFully(Path file, InputStream in, long length) throws IOException {
    try {
      in.skipNBytes(length);
    } catch (EOFException e) {
      throw changedWhileRead(file);
    }
  }

  private static IdxFormatException changedWhileRead(Path file) {
    return new IdxFormatException(file, "changed while being read");
  }

  /**
   * The {@code payload} bytes after a gzip file's header, in a buffer that grows only as
   * decompressed bytes arrive; nothing may follow them.
   */
  private static byte[] gatherGzip(Path file, InputStream in, long promised, int payload)
      throws IOException {
    int header = (int) (promised - payload);
    byte[] data = new byte[Math.min(payload, FIRST_CHUNK)];
    int n = 0;
    while (n < payload) {
      if (n == data.length) {
        data = Arrays.copyOf(data, (int) Math.min(payload, 2L * data.length));
      }
      int r = in.read(data, n, data.length - n);
      if (r < 0) {
        throw new IdxFormatException(file, String.format(
            Locale.ROOT,
            "truncated: header promises %d bytes, gzip content has %d", promised, header + n));
      }
      n += r;
    }
    if (in.read() >= 0) {
      // A damaged deflate stream often inflates to more bytes: read on to its end, so that a
      // failing checksum is reported as the broken gzip it is (for at most as much again as the
      // payload: a stream still going after that is trailing data, whatever else it is).
      byte[] rest = new byte[1 << 16];
      long left = Math.max(payload, rest.length);
      for (int r = in.read(rest); r >= 0 && left > 0; r = in.read(rest)) {
        left -= r;
      }
      throw new IdxFormatException(file, String.format(
          Locale.ROOT,
          "trailing data: header promises %d bytes, gzip content has more", promised));
    }
    return data;
  }

  /**
   * The most bytes the gzip payload buffer holds at once: while it doubles from {@link
   * #FIRST_CHUNK} to {@code payload}, the old and the new array are both alive.
   */
  static long growthPeak(long payload) {
    long size = Math.min(payload, FIRST_CHUNK);
    long peak = size;
    while (size < payload) {
      long next = Math.min(payload, 2 * size);
      peak = size + next;
      size = next;
    }
    return peak;
  }

  /** E.g. {@code loading 1 image of 40000x40000}, {@code loading 60000 labels}. */
  private static String loading(int[] dims) {
    String noun = dims.length == 1 ? "label" : dims.length == 3 ? "image" : "item";
    StringBuilder what = new StringBuilder("loading ").append(dims[0]).append(' ').append(noun)
        .append(dims[0] == 1 ? "" : "s");
    for (int i = 1; i < dims.length; i++) {
      what.append(i == 1 ? " of " : "x").append(dims[i]);
    }
    return what.toString();
  }

  /** Reads and validates magic and dimensions; {@code ending} describes an early end. */
  private static int[] readHeader(Path file, InputStream in, int rank, String ending)
      throws IOException {
    DataInputStream data = new DataInputStream(in);
    try {
      int magic = data.readInt();
      checkMagic(file, magic, rank);
      int[] dims = new int[rank];
      for (int i = 0; i < rank; i++) {
        dims[i] = data.readInt();
        if (dims[i] <= 0) {
          throw new IdxFormatException(file, String.format(
              Locale.ROOT,
              "dimension %d is %s, must be positive", i, Integer.toUnsignedString(dims[i])));
        }
      }
      return dims;
    } catch (EOFException e) {
      throw new IdxFormatException(file, String.format(
          Locale.ROOT,
          "truncated: ends inside the %d-byte header (%s)", headerBytes(rank), ending), e);
    }
  }

  private static void checkMagic(Path file, int magic, int rank) throws IdxFormatException {
    if ((magic >>> 16) != 0) {
      throw new IdxFormatException(file, String.format(
          Locale.ROOT,
          "bad magic 0x%08x, not an IDX file (expected 0x000008%02x)", magic, rank));
    }
    int type = (magic >>> 8) & 0xff;
    if (type != 0x08) {
      throw new IdxFormatException(file, String.format(
          Locale.ROOT,
          "element type 0x%02x, expected 0x08 (unsigned byte)", type));
    }
    int actualRank = magic & 0xff;
    if (actualRank != rank) {
      throw new IdxFormatException(file, String.format(
          Locale.ROOT,
          "rank %d, expected %d (%s)", actualRank, rank, rank == 1 ? "labels" : "images"));
    }
  }

  private static int headerBytes(int rank) {
    return 4 + 4 * rank;
  }

  /** Header plus payload, saturating at Long.MAX_VALUE. */
  private static long promisedBytes(int[] dims) {
    long payload = 1;
    for (int d : dims) {
      if (payload > Long.MAX_VALUE / d) {
        return Long.MAX_VALUE;
      }
      payload *= d;
    }
    int header = headerBytes(dims.length);
    return payload > Long.MAX_VALUE - header ? Long.MAX_VALUE : payload + header;
  }

  private static String describe(long promised) {
    return promised == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : Long.toString(promised);
  }

  private static void checkFitsArray(Path file, long promised) throws IdxFormatException {
    if (promised > MAX_PAYLOAD) {
      throw new IdxFormatException(file, String.format(
          Locale.ROOT,
          "too large: header promises %s bytes, at most %d are supported", describe(promised),
          MAX_PAYLOAD));
    }
  }
}
