package dev.lamina.datasets;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * The uncompressed content of a gzip stream (RFC 1952): one member or several in a row, each
 * header and trailer checked (CRC-32 and size). Unlike {@link java.util.zip.GZIPInputStream},
 * which silently drops whatever follows a member when it is not another member, anything after
 * the last member fails the read ({@code trailing data after the gzip stream}), as trailing bytes
 * of a raw IDX file do. An early end is an {@link EOFException}; other damage a {@link
 * ZipException} whose message says what is wrong. Closing it closes {@code in}.
 */
final class StrictGzipInputStream extends InputStream {
  private static final int FHCRC = 0x02;
  private static final int FEXTRA = 0x04;
  private static final int FNAME = 0x08;
  private static final int FCOMMENT = 0x10;
  private static final int RESERVED = 0xe0;

  private final InputStream in;
  private final byte[] buf;
  private int pos;
  private int lim;
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private final CRC32 headerCrc = new CRC32();
  private final byte[] single = new byte[1];
  private int members;
  private boolean done;

  /** Reads gzip from {@code in}, buffering {@code bufferSize} compressed bytes at a time. */
  StrictGzipInputStream(InputStream in, int bufferSize) throws IOException {
    this.in = in;
    this.buf = new byte[bufferSize];
    try {
      readHeader();
    } catch (IOException e) {
      inflater.end();
      throw e;
    }
  }

  @Override
  public int read() throws IOException {
    return read(single, 0, 1) < 0 ? -1 : single[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    while (!done) {
      int n = inflate(b, off, len);
      if (n > 0) {
        crc.update(b, off, n);
        return n;
      }
      endMember();
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    inflater.end();
    in.close();
  }

  /** Inflates into {@code b}, feeding input as needed; 0 only at the member's end. */
  private int inflate(byte[] b, int off, int len) throws IOException {
    try {
      while (true) {
        int n = inflater.inflate(b, off, len);
        if (n > 0 || inflater.finished()) {
          return n;
        }
        if (inflater.needsDictionary()) {
          throw new ZipException("a preset dictionary is not allowed in gzip");
        }
        if (inflater.needsInput()) {
          if (!fill()) {
            throw new EOFException();
          }
          inflater.setInput(buf, pos, lim - pos);
          pos = lim;
        }
      }
    } catch (DataFormatException e) {
      throw new ZipException(e.getMessage());
    }
  }

  /** Checks the member's trailer, then starts the next member or ends at the end of input. */
  private void endMember() throws IOException {
    pos = lim - inflater.getRemaining();
    if (readIntLe() != (int) crc.getValue()) {
      throw new ZipException("the content's CRC-32 differs from the one in the gzip trailer");
    }
    if (readIntLe() != (int) inflater.getBytesWritten()) {
      throw new ZipException("the content's size differs from the one in the gzip trailer");
    }
    if (pos == lim && !fill()) {
      done = true;
      return;
    }
    inflater.reset();
    crc.reset();
    readHeader();
  }

  /** Reads and checks a member header; anything but a header here is trailing data. */
  private void readHeader() throws IOException {
    headerCrc.reset();
    int id1 = readByteOrEnd();
    int id2 = id1 < 0 ? -1 : readByteOrEnd();
    if (members == 0 && (id1 < 0 || id1 == 0x1f && id2 < 0)) {
      throw new EOFException();
    }
    if (id1 != 0x1f || id2 != 0x8b) {
      throw new ZipException(
          members > 0 ? "trailing data after the gzip stream" : "not in gzip format");
    }
    if (readByte() != 8) {
      throw new ZipException("compression method is not deflate");
    }
    int flags = readByte();
    if ((flags & RESERVED) != 0) {
      throw new ZipException("reserved gzip header flags are set");
    }
    skip(6);
    if ((flags & FEXTRA) != 0) {
      skip(readByte() | readByte() << 8);
    }
    if ((flags & FNAME) != 0) {
      skipZeroTerminated();
    }
    if ((flags & FCOMMENT) != 0) {
      skipZeroTerminated();
    }
    if ((flags & FHCRC) != 0) {
      int expected = (int) headerCrc.getValue() & 0xffff;
      if ((readByte() | readByte() << 8) != expected) {
        throw new ZipException("the gzip header's checksum is wrong");
      }
    }
    members++;
  }

  private void skip(int n) throws IOException {
    for (int i = 0; i < n; i++) {
      readByte();
    }
  }

  private void skipZeroTerminated() throws IOException {
    while (readByte() != 0) {
      // a file name or comment, not needed
    }
  }

  private int readIntLe() throws IOException {
    return readByte() | readByte() << 8 | readByte() << 16 | readByte() << 24;
  }

  /** The next compressed byte; the input must not end here. */
  private int readByte() throws IOException {
    int b = readByteOrEnd();
    if (b < 0) {
      throw new EOFException();
    }
    return b;
  }

  /** The next compressed byte (counted into the header's CRC), or -1 at the end of input. */
  private int readByteOrEnd() throws IOException {
    if (pos == lim && !fill()) {
      return -1;
    }
    int b = buf[pos++] & 0xff;
    headerCrc.update(b);
    return b;
  }

  /** Refills the buffer when it is used up; false at the end of input. */
  private boolean fill() throws IOException {
    if (pos < lim) {
      return true;
    }
    int n = in.read(buf, 0, buf.length);
    pos = 0;
    lim = Math.max(n, 0);
    return n > 0;
  }
}
