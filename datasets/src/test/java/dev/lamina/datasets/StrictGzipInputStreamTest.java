package dev.lamina.datasets;

import static dev.lamina.datasets.Messages.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class StrictGzipInputStreamTest {
  private static final int FHCRC = 0x02;
  private static final int FEXTRA = 0x04;
  private static final int FNAME = 0x08;
  private static final int FCOMMENT = 0x10;

  /** One gzip member of {@code content} with the optional header fields {@code flags} asks. */
  static byte[] member(byte[] content, int flags) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, (byte) flags, 1, 2, 3, 4, 0, (byte) 255});
    if ((flags & FEXTRA) != 0) {
      out.writeBytes(new byte[] {3, 0, 'a', 'b', 'c'});
    }
    if ((flags & FNAME) != 0) {
      out.writeBytes("name.idx\0".getBytes(StandardCharsets.ISO_8859_1));
    }
    if ((flags & FCOMMENT) != 0) {
      out.writeBytes("a comment\0".getBytes(StandardCharsets.ISO_8859_1));
    }
    if ((flags & FHCRC) != 0) {
      CRC32 header = new CRC32();
      header.update(out.toByteArray());
      writeLe(out, header.getValue(), 2);
    }
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    deflater.setInput(content);
    deflater.finish();
    byte[] chunk = new byte[4096];
    while (!deflater.finished()) {
      out.write(chunk, 0, deflater.deflate(chunk));
    }
    deflater.end();
    CRC32 crc = new CRC32();
    crc.update(content);
    writeLe(out, crc.getValue(), 4);
    writeLe(out, content.length, 4);
    return out.toByteArray();
  }

  private static void writeLe(ByteArrayOutputStream out, long value, int bytes) {
    for (int i = 0; i < bytes; i++) {
      out.write((int) (value >>> (8 * i)));
    }
  }

  /** Reads all of {@code gzip} in pieces of at most {@code piece} bytes. */
  private static byte[] gunzip(byte[] gzip, int piece) throws IOException {
    try (InputStream in = new StrictGzipInputStream(new ByteArrayInputStream(gzip), 64)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[piece];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    }
  }

  private static byte[] concat(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parts.forEach(out::writeBytes);
    return out.toByteArray();
  }

  @Provide
  Arbitrary<List<byte[]>> contents() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(3000).list().ofMinSize(1)
        .ofMaxSize(4);
  }

  @Property(tries = 200)
  void readsMembersWithAnyHeaderFieldsAsTheJdkDoes(@ForAll("contents") List<byte[]> contents,
      @ForAll @IntRange(min = 0, max = 31) int flags, @ForAll @IntRange(min = 1, max = 5000)
      int piece) throws IOException {
    byte[] gzip = concat(contents.stream().map(c -> member(c, flags & 0x1e)).toList());

    byte[] content = gunzip(gzip, piece);

    assertArrayEquals(concat(contents), content);
    assertArrayEquals(new GZIPInputStream(new ByteArrayInputStream(gzip)).readAllBytes(),
        content);
  }

  @Property(tries = 100)
  void anythingAfterTheLastMemberFailsTheRead(@ForAll("contents") List<byte[]> contents,
      @ForAll @Size(min = 1, max = 300) byte[] garbage) {
    byte[] gzip = concat(List.of(concat(contents.stream().map(c -> member(c, 0)).toList()),
        garbage));

    assertThrows(IOException.class, () -> gunzip(gzip, 1000));
  }

  @Test
  void everyCutShortStreamFails() {
    byte[] gzip = member("twenty-one characters".repeat(5).getBytes(StandardCharsets.US_ASCII),
        FNAME | FHCRC);
    for (int length = 0; length < gzip.length; length++) {
      byte[] cut = Arrays.copyOf(gzip, length);
      IOException e = assertThrows(IOException.class, () -> gunzip(cut, 7), "cut at " + length);
      if (length > 0) {
        assertEquals(EOFException.class, e.getClass(), "cut at " + length);
      }
    }
  }

  @Test
  void trailingDataIsNamedAsSuch() {
    byte[] gzip = concat(List.of(member(new byte[10], 0), new byte[] {0}));
    assertContains(assertThrows(IOException.class, () -> gunzip(gzip, 100)).getMessage(),
        "trailing data after the gzip stream");
  }

  @Test
  void aWrongSizeInTheTrailerFails() {
    byte[] gzip = member(new byte[10], 0);
    gzip[gzip.length - 4]++;
    assertContains(assertThrows(IOException.class, () -> gunzip(gzip, 100)).getMessage(),
        "the content's size differs from the one in the gzip trailer");
  }

  @Test
  void aWrongHeaderChecksumFails() {
    byte[] gzip = member(new byte[10], FHCRC);
    gzip[10] ^= 1;
    assertContains(assertThrows(IOException.class, () -> gunzip(gzip, 100)).getMessage(),
        "the gzip header's checksum is wrong");
  }

  @Test
  void reservedFlagsAndOtherMethodsFail() {
    byte[] reserved = member(new byte[10], 0x20);
    assertContains(assertThrows(IOException.class, () -> gunzip(reserved, 100)).getMessage(),
        "reserved gzip header flags are set");
    byte[] stored = member(new byte[10], 0);
    stored[2] = 0;
    assertContains(assertThrows(IOException.class, () -> gunzip(stored, 100)).getMessage(),
        "compression method is not deflate");
  }
}
