package dev.lamina.training.io;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.lamina.datasets.AtomicFiles;
import dev.lamina.datasets.IoProblems;
import dev.lamina.layers.Sequential;
import dev.lamina.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Saves and loads {@link Sequential} models (optionally with a {@link TrainingState}) as data-only,
 * versioned, checksummed files. Loading never runs code named by the file: layers are created only
 * through the codecs of a {@link LayerRegistry}.
 *
 * <pre>{@code
 * Sequential model = Sequential.builder(Shape.of(1, 28, 28))
 *     .add(new Conv2D(4, 3)).add(new Flatten()).add(new Dense(10)).add(new Softmax())
 *     .build();
 * ModelFiles.save(model, Path.of("mnist.lmf"));
 * Sequential same = ModelFiles.load(Path.of("mnist.lmf")); // predicts bit for bit the same
 *
 * ModelFiles.save(model, state, Path.of("epoch-2.lmf")); // a checkpoint with training state
 * LoadedModel checkpoint = ModelFiles.loadCheckpoint(Path.of("epoch-2.lmf"));
 * TrainingState resumed = checkpoint.trainingState().orElseThrow();
 *
 * LayerRegistry mine = LayerRegistry.defaults().register("Swish", Swish.class, Swish::new);
 * ModelFiles.save(withSwish, path, mine); // custom layers by registered name
 * Sequential back = ModelFiles.load(path, mine);
 * }</pre>
 *
 * <p>Saving writes a temporary file in the target's folder, forces it to disk and renames it over
 * the target atomically ({@link AtomicFiles}), so a crash leaves either the old file or the new
 * one, never half of one. Saving the same model (and state) twice writes identical bytes: there are
 * no timestamps, and configurations and state are written in sorted name order. A damaged,
 * truncated, foreign or newer file, an unregistered layer type or a parameter that does not fit is
 * reported as a {@link ModelFileException} naming the file and the defect; lengths are checked
 * against the bytes present before anything is allocated, and files above {@link #MAX_FILE_BYTES}
 * are refused unread, as is a path that is not a regular file (a folder, a device, a pipe). A file
 * larger than half the Java heap is refused before it is read, and a model whose parameters or
 * whose activations for one sample (its input and each layer's output, followed through the
 * layers' output shapes) do not fit the heap is refused before anything is built, rather than
 * running out of memory while loading or on the first prediction.
 *
 * <p>Parameters must be finite: saving a model with a NaN or infinite parameter throws {@link
 * IllegalArgumentException} naming it (so no one writes a file they cannot read), and loading
 * refuses such a file naming the parameter and its first bad value. Training-state arrays are not
 * checked: they are opaque optimizer state in which an infinity can be legitimate (Adam's second
 * moment overflows to +Infinity for a huge gradient while the weights stay finite) and must
 * resume bit for bit, and a forged non-finite moment can only reach the weights through resumed
 * training, whose divergence guard stops at the first non-finite parameter; prediction never reads
 * them.
 *
 * <h2>Format, version 1 (all numbers little-endian)</h2>
 *
 * <pre>
 * file      = magic version body crc
 * magic     = 89 4C 4D 46 0D 0A 1A 0A                       (8 bytes: 0x89 "LMF" CR LF EOF LF)
 * version   = u32                                            (1; a larger one is refused)
 * body      = shape:inputShape  layers  parameters  state
 * crc       = u32 CRC32C (Castagnoli) of every byte before it, magic included
 *
 * shape     = u32:rank (at most 32)  rank * i32:dim         (each dim &gt; 0, product &lt; 2^31)
 * string    = u32:byteLength  bytes                          (strict UTF-8)
 * layers    = u32:count  count * layer
 * layer     = string:name  string:typeName  config  layers:children
 *             (children is empty except for typeName "Sequential", a nested model whose config
 *              holds its input shape as the int[] "inputShape")
 * config    = u32:count  count * (string:key  u8:tag  value) (keys non-empty, strictly ascending)
 * value     = tag 1: i32 | 2: i64 | 3: f64 | 4: u8 (0 or 1) | 5: string | 6: u32:n n * i32
 * parameters= u32:count  count * (string:name  shape  size * f32)
 *             (name = layer names from the outside in and the parameter's name, joined by "/",
 *              e.g. "dense_1/kernel"; in model order; values row-major, bit for bit, finite)
 * state     = u8:0                                           (no training state)
 *           | u8:1  u32:n n * (string:name  u32:len  len * f32)
 *                   u32:n n * (string:name  i64)
 *                   u32:n n * (string:name  f64)
 *                   u32:n n * (string:name  string)
 *             (in each of the four lists the names are non-empty and strictly ascending)
 * </pre>
 *
 * Names sort by {@link String#compareTo}. No bytes may follow the state before the checksum. A
 * reader checks the magic, then the version, then the checksum, before it parses the body; an
 * unknown version is reported as a newer format only when the checksum matches, and as damage
 * otherwise. So the version is judged once the whole file is read: a file of a newer format too
 * large for the heap is refused for its size first.
 */
public final class ModelFiles {
  /** The largest file {@link #load} reads: 1 GiB (about 268 million parameters). */
  public static final long MAX_FILE_BYTES = 1L << 30;

  private ModelFiles() {}

  /** Saves {@code model} to {@code path} using {@link LayerRegistry#defaults()}. */
  public static void save(Sequential model, Path path) throws IOException {
    save(model, null, path, LayerRegistry.defaults());
  }

  /**
   * Saves {@code model} to {@code path}, replacing it atomically. Throws {@link
   * IllegalArgumentException} naming the layer when a layer's class is not in {@code registry}.
   */
  public static void save(Sequential model, Path path, LayerRegistry registry) throws IOException {
    save(model, null, path, registry);
  }

  /**
   * Saves {@code model} with {@code state} (a checkpoint) using {@link LayerRegistry#defaults()}.
   */
  public static void save(Sequential model, TrainingState state, Path path) throws IOException {
    save(model, checkNotNull(state, "state"), path, LayerRegistry.defaults());
  }

  /**
   * Saves {@code model} with {@code state} (null for none) to {@code path}, replacing it
   * atomically.
   */
  public static void save(Sequential model, TrainingState state, Path path, LayerRegistry registry)
      throws IOException {
    checkNotNull(model, "model");
    checkNotNull(path, "path");
    checkNotNull(registry, "registry");
    ModelWriter writer = new ModelWriter(registry);
    AtomicFiles.write(path, out -> writer.write(model, state, out));
  }

  /**
   * Throws {@link IllegalArgumentException}, as {@link #save} would, when {@code model} cannot be
   * saved with {@code registry} whatever its parameters hold: a layer whose class is not
   * registered, or one that gives two of its parameters the same name. For code that saves later,
   * such as a checkpointing listener, to fail before the work rather than after it.
   */
  public static void checkSavable(Sequential model, LayerRegistry registry) {
    checkNotNull(model, "model");
    checkNotNull(registry, "registry");
    new ModelWriter(registry).checkSavable(model);
  }

  /**
   * Checks that {@code registry}'s codecs keep everything {@code model}'s layers compute with:
   * saves the model in memory, loads it back and runs both on {@code input} ({@code [N,
   * ...inputShape]}, not modified) in inference mode, comparing each layer's output bit for bit.
   * Throws {@link IllegalArgumentException} naming the first layer whose output differs (a codec
   * that drops a setting, so the loaded layer gets its default) and, as {@link #save} does, a layer
   * that cannot be saved. Meant for a test of your own layer's registration. It sees a lost setting
   * only where the setting changes an output on {@code input}, so give inputs that exercise every
   * setting (negative values for a leaky ReLU's slope); settings that act in training only (a
   * dropout rate) are not seen.
   */
  public static void checkRoundTrip(Sequential model, LayerRegistry registry, Tensor input) {
    checkNotNull(model, "model");
    checkNotNull(registry, "registry");
    checkNotNull(input, "input");
    try {
      RoundTripCheck.check(model, registry, input);
    } catch (ModelFileException e) {
      throw new IllegalArgumentException(
          "the saved model cannot be loaded with this registry: " + e.getMessage(), e);
    }
  }

  /**
   * Loads the model in {@code path} with {@link LayerRegistry#defaults()}; any training state is
   * ignored.
   */
  public static Sequential load(Path path) throws IOException {
    return load(path, LayerRegistry.defaults());
  }

  /** Loads the model in {@code path}, creating layers through {@code registry}. */
  public static Sequential load(Path path, LayerRegistry registry) throws IOException {
    return loadCheckpoint(path, registry).model();
  }

  /** Loads the model and training state in {@code path} with {@link LayerRegistry#defaults()}. */
  public static LoadedModel loadCheckpoint(Path path) throws IOException {
    return loadCheckpoint(path, LayerRegistry.defaults());
  }

  /** Loads the model and training state (empty when the file has none) in {@code path}. */
  public static LoadedModel loadCheckpoint(Path path, LayerRegistry registry) throws IOException {
    return loadCheckpoint(path, registry, HeapBudget.ofRuntime());
  }

  /** As {@link #loadCheckpoint(Path, LayerRegistry)}, within {@code budget} (a test seam). */
  static LoadedModel loadCheckpoint(Path path, LayerRegistry registry, HeapBudget budget)
      throws IOException {
    checkNotNull(path, "path");
    checkNotNull(registry, "registry");
    return decode(path.toString(), readCapped(path, budget), registry, budget);
  }

  /** The bytes a save would write (for tests and in-memory transfer). */
  static byte[] encode(Sequential model, TrainingState state, LayerRegistry registry) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      new ModelWriter(registry).write(model, state, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Reads a model from {@code bytes}; {@code source} names them in error messages. */
  static LoadedModel decode(String source, byte[] bytes, LayerRegistry registry)
      throws ModelFileException {
    return decode(source, bytes, registry, HeapBudget.ofRuntime());
  }

  /** As {@link #decode(String, byte[], LayerRegistry)}, within {@code budget}. */
  static LoadedModel decode(String source, byte[] bytes, LayerRegistry registry, HeapBudget budget)
      throws ModelFileException {
    ModelDescription description = ModelReader.read(source, bytes);
    Sequential model =
        new ModelAssembler(source, registry, budget, bytes.length).assemble(description);
    return new LoadedModel(model, Optional.ofNullable(description.state()));
  }

  private static byte[] readCapped(Path path, HeapBudget budget) throws IOException {
    try {
      long size = regularFileSize(path);
      return readCapped(path, size, budget);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(path.toString(), null, "no such model file");
    }
  }

  /**
   * The size of the regular file {@code path}; anything else (a folder, a device such as {@code
   * /dev/zero}, a pipe such as {@code /dev/stdin}) is refused without opening it: its size says
   * nothing about its content, and opening a pipe without a writer would wait for ever.
   */
  private static long regularFileSize(Path path) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
    if (!attributes.isRegularFile()) {
      throw new ModelFileException(
          path.toString(),
          "not a regular file but " + IoProblems.fileKind(path)
              + "; save the model to a file and load that");
    }
    return attributes.size();
  }

  /**
   * The {@code size} bytes of {@code path}, after checking (before allocating) that the size is
   * allowed, the header is a model file's and {@code budget} can hold the file.
   */
  private static byte[] readCapped(Path path, long size, HeapBudget budget) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      if (size > MAX_FILE_BYTES) {
        throw ModelFileException.formatted(
            path.toString(),
            "the file is %d bytes, more than the %d a model file may have",
            size, MAX_FILE_BYTES);
      }
      byte[] head = new byte[ModelFormat.MAGIC.length + 4];
      int headRead = in.readNBytes(head, 0, head.length);
      ModelReader.checkHeader(path.toString(), head, headRead, size);
      budget.checkFile(path.toString(), size);
      byte[] bytes = new byte[(int) size];
      System.arraycopy(head, 0, bytes, 0, headRead);
      int read = headRead + in.readNBytes(bytes, headRead, bytes.length - headRead);
      if (read != bytes.length || in.read() != -1) {
        throw new ModelFileException(path.toString(), "the file changed while it was being read");
      }
      return bytes;
    }
  }
}
