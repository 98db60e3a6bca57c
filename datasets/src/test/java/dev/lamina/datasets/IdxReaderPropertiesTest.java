package dev.lamina.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

class IdxReaderPropertiesTest {
  private Path dir;

  @BeforeProperty
  void createDir() throws IOException {
    dir = Files.createTempDirectory("idx-props");
  }

  @AfterProperty
  void deleteDir() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  /** A valid IDX array: dims of rank 1 to 3 and a matching random payload. */
  record Array(int[] dims, byte[] payload) {}

  @Provide
  Arbitrary<Array> arrays() {
    return Arbitraries.integers().between(1, 6).list().ofMinSize(1).ofMaxSize(3)
        .flatMap(dims -> Arbitraries.bytes().array(byte[].class)
            .ofSize(dims.stream().reduce(1, (a, b) -> a * b))
            .map(payload -> new Array(dims.stream().mapToInt(Integer::intValue).toArray(),
                payload)));
  }

  @Property(tries = 200)
  void validFilesRoundTrip(@ForAll("arrays") Array array, @ForAll boolean compressed)
      throws IOException {
    byte[] content = IdxFiles.idx(array.dims(), array.payload());
    Path file = Files.write(dir.resolve("f"), compressed ? IdxFiles.gzip(content) : content);

    IdxData data = IdxReader.read(file, array.dims().length);

    assertArrayEquals(array.dims(), data.dims());
    assertArrayEquals(array.payload(), data.data());
  }

  /** A file and positions/values to overwrite in it. */
  record Mutation(Array array, boolean compressed, List<Integer> positions, List<Byte> values,
      int cut) {}

  @Provide
  Arbitrary<Mutation> mutations() {
    return Combinators.combine(arrays(), Arbitraries.of(true, false),
            Arbitraries.integers().between(0, 10_000).list().ofMinSize(1).ofMaxSize(4),
            Arbitraries.bytes().list().ofSize(4), Arbitraries.integers().between(-3, 10_000))
        .as(Mutation::new);
  }

  @Property(tries = 1000)
  void mutatedFilesRaiseOnlyTheDeclaredException(@ForAll("mutations") Mutation m)
      throws IOException {
    byte[] content = IdxFiles.idx(m.array().dims(), m.array().payload());
    byte[] bytes = m.compressed() ? IdxFiles.gzip(content) : content;
    for (int i = 0; i < m.positions().size(); i++) {
      bytes[m.positions().get(i) % bytes.length] = m.values().get(i);
    }
    if (m.cut() >= 0 && m.cut() < bytes.length) {
      bytes = java.util.Arrays.copyOf(bytes, m.cut());
    }
    Path file = Files.write(dir.resolve("f"), bytes);
    int rank = m.array().dims().length;
    try {
      IdxData data = IdxReader.read(file, rank);
      assertEquals(rank, data.rank());
      int size = 1;
      for (int d : data.dims()) {
        size *= d;
      }
      assertEquals(size, data.data().length);
    } catch (IdxFormatException e) {
      assertEquals(file, e.file());
    }
  }
}
