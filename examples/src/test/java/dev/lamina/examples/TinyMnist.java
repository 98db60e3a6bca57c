package dev.lamina.examples;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a small MNIST-shaped dataset (28x28 images, 10 classes) as the four IDX files into a
 * folder: image {@code i} has label {@code i % 10} and a bright 6x6 block whose position depends
 * on the label, so even a tiny model learns it.
 */
final class TinyMnist {
  static final int SIDE = 28;

  private TinyMnist() {}

  /** Writes {@code train} training and {@code test} test images into {@code dir}; returns it. */
  static Path write(Path dir, int train, int test) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve("train-images-idx3-ubyte"), images(train));
    Files.write(dir.resolve("train-labels-idx1-ubyte"), labels(train));
    Files.write(dir.resolve("t10k-images-idx3-ubyte"), images(test));
    Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(test));
    return dir;
  }

  /** The pixels of image {@code i}, row-major, 0..255. */
  static byte[] image(int i) {
    int label = i % 10;
    byte[] pixels = new byte[SIDE * SIDE];
    int top = 2 + (label / 5) * 12 + i % 3;
    int left = 2 + (label % 5) * 5;
    for (int r = top; r < top + 6; r++) {
      for (int c = left; c < Math.min(SIDE, left + 6); c++) {
        pixels[r * SIDE + c] = (byte) 255;
      }
    }
    return pixels;
  }

  static byte[] images(int n) {
    ByteBuffer b = ByteBuffer.allocate(16 + n * SIDE * SIDE);
    b.putInt(0x00000803).putInt(n).putInt(SIDE).putInt(SIDE);
    for (int i = 0; i < n; i++) {
      b.put(image(i));
    }
    return b.array();
  }

  static byte[] labels(int n) {
    ByteBuffer b = ByteBuffer.allocate(8 + n);
    b.putInt(0x00000801).putInt(n);
    for (int i = 0; i < n; i++) {
      b.put((byte) (i % 10));
    }
    return b.array();
  }
}
