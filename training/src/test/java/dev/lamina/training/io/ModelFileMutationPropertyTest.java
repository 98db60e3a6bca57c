package dev.lamina.training.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Damaged copies of a valid model file (bytes flipped, cut off, inserted or overwritten) load or
 * fail with a {@link ModelFileException}; nothing else ever escapes. The "forged" properties give
 * the damaged bytes a valid checksum so that the parser itself meets the damage.
 */
class ModelFileMutationPropertyTest {
  private static final LayerRegistry REGISTRY = TestModels.registry();
  private static final byte[] VALID =
      ModelFiles.encode(TestModels.nested(3), TestModels.state(), REGISTRY);

  enum Kind {
    FLIP,
    TRUNCATE,
    INSERT,
    OVERWRITE,
    DELETE
  }

  @Example
  void theUnmodifiedFileLoads() throws ModelFileException {
    LoadedModel loaded = ModelFiles.decode("valid.lmf", VALID, REGISTRY);
    assertEquals(TestModels.nested(3).parameterCount(), loaded.model().parameterCount());
    assertEquals(TestModels.state(), loaded.trainingState().orElseThrow());
  }

  @Property(tries = 400)
  void damagedFilesFailOnlyWithTheDeclaredException(
      @ForAll Kind kind,
      @ForAll @IntRange(min = 0, max = 1 << 20) int position,
      @ForAll byte value) {
    loadOrFailCleanly(mutate(VALID, kind, position, value));
  }

  @Property(tries = 1000)
  void forgedFilesFailOnlyWithTheDeclaredException(
      @ForAll Kind kind,
      @ForAll @IntRange(min = 0, max = 1 << 20) int position,
      @ForAll byte value) {
    loadOrFailCleanly(Crafted.withValidChecksum(mutate(VALID, kind, position, value)));
  }

  @Property(tries = 300)
  void twiceForgedFilesFailOnlyWithTheDeclaredException(
      @ForAll Kind first,
      @ForAll Kind second,
      @ForAll @IntRange(min = 0, max = 1 << 20) int p1,
      @ForAll @IntRange(min = 0, max = 1 << 20) int p2,
      @ForAll byte v1,
      @ForAll byte v2) {
    byte[] bytes = mutate(mutate(VALID, first, p1, v1), second, p2, v2);
    loadOrFailCleanly(Crafted.withValidChecksum(bytes));
  }

  private static void loadOrFailCleanly(byte[] bytes) {
    try {
      ModelFiles.decode("mutated.lmf", bytes, REGISTRY);
    } catch (ModelFileException expected) {
      // the declared failure
    }
  }

  static byte[] mutate(byte[] bytes, Kind kind, int position, byte value) {
    int n = bytes.length;
    int at = n == 0 ? 0 : position % n;
    switch (kind) {
      case FLIP:
        {
          byte[] out = bytes.clone();
          if (n > 0) {
            out[at] ^= (byte) (1 << (position % 8));
          }
          return out;
        }
      case TRUNCATE:
        return Arrays.copyOf(bytes, at);
      case INSERT:
        {
          byte[] out = new byte[n + 1];
          System.arraycopy(bytes, 0, out, 0, at);
          out[at] = value;
          System.arraycopy(bytes, at, out, at + 1, n - at);
          return out;
        }
      case OVERWRITE:
        {
          byte[] out = bytes.clone();
          for (int i = at; i < Math.min(n, at + 4); i++) {
            out[i] = value;
          }
          return out;
        }
      case DELETE:
        {
          if (n == 0) {
            return bytes;
          }
          byte[] out = new byte[n - 1];
          System.arraycopy(bytes, 0, out, 0, at);
          System.arraycopy(bytes, at + 1, out, at, n - at - 1);
          return out;
        }
      default:
        throw new AssertionError(kind);
    }
  }
}
