package dev.lamina.training.io;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.lamina.layers.Layer;
import dev.lamina.layers.Sequential;
import dev.lamina.tensor.Shape;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The layer types a model file may contain: each registered under a type name with a codec that
 * turns a layer into its {@link LayerConfig} and a configuration back into a new, unbuilt layer.
 * Loading creates layers only through these codecs, never by a class name read from a file.
 *
 * <pre>{@code
 * LayerRegistry registry = LayerRegistry.defaults()
 *     .register("Scale", Scale.class, Scale::new)                       // no settings
 *     .register("Shift", Shift.class,                                   // one setting
 *         layer -> LayerConfig.builder().putDouble("offset", layer.offset()).build(),
 *         config -> new Shift((float) config.getDouble("offset")));
 * ModelFiles.save(model, path, registry);
 * Sequential loaded = ModelFiles.load(path, registry);
 * }</pre>
 *
 * <p>Loading checks a layer's settings against the parameter shapes saved in the file before the
 * layer is built, so a forged setting (a huge {@code units}) fails fast instead of allocating. That
 * needs a {@link ParameterShapes} hook, which the built-in layers with parameters have; register
 * one for your own layers with parameters too. Without it, such a layer's {@code build} runs on
 * the file's settings before its parameters are compared with the file: a forged file with a valid
 * checksum can then make it allocate as much as its settings ask for.
 *
 * <p>A layer is matched by its exact class. Nested {@link Sequential} models need no registration
 * ({@value #SEQUENTIAL} is reserved). Type names are 1 to 128 characters of letters, digits and
 * {@code _ . $ -}. Register everything before sharing a registry between threads.
 */
public final class LayerRegistry {
  /** The reserved type name under which nested {@link Sequential} models are stored. */
  public static final String SEQUENTIAL = "Sequential";

  private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z0-9_.$-]{1,128}");

  private final TreeMap<String, Entry<?>> byName = new TreeMap<>();
  private final Map<Class<?>, Entry<?>> byClass = new HashMap<>();

  private LayerRegistry() {}

  /**
   * The parameters a layer type creates for given settings, computed without building the layer
   * (and without allocating from the settings): for {@code config} and per-sample input shape
   * {@code input} (already accepted by the layer's {@code outputShape}), each parameter's name (as
   * in {@code Parameter.name()}) and shape. May throw {@link IllegalArgumentException}.
   *
   * <pre>{@code
   * (config, input) -> ImmutableMap.of(
   *     "kernel", Shape.of(input.dim(0), config.getInt("units")),
   *     "bias", Shape.of(config.getInt("units")))
   * }</pre>
   */
  @FunctionalInterface
  public interface ParameterShapes {
    Map<String, Shape> of(LayerConfig config, Shape input);
  }

  /** A registry with no layer types (nested {@link Sequential} models still work). */
  public static LayerRegistry empty() {
    return new LayerRegistry();
  }

  /**
   * A new registry with every built-in layer type registered under its class's simple name ({@code
   * AvgPool2D, Conv2D, Dense, Dropout, Flatten, LeakyReLU, MaxPool2D, ReLU, Rescaling, Sigmoid,
   * Softmax, Tanh}); add your own to it freely, it is not shared.
   */
  public static LayerRegistry defaults() {
    LayerRegistry registry = new LayerRegistry();
    BuiltInCodecs.registerAll(registry);
    return registry;
  }

  /**
   * Registers {@code type} under {@code typeName}: {@code encoder} gives a layer's settings, {@code
   * decoder} makes a new, unbuilt layer from them (it may throw {@link IllegalArgumentException}
   * for settings it does not accept). Returns this registry. A layer type with parameters should
   * rather be registered with {@link #register(String, Class, Function, Function,
   * ParameterShapes)}.
   */
  public <L extends Layer> LayerRegistry register(
      String typeName,
      Class<L> type,
      Function<? super L, LayerConfig> encoder,
      Function<? super LayerConfig, ? extends L> decoder) {
    return register(typeName, type, encoder, decoder, null);
  }

  /**
   * As {@link #register(String, Class, Function, Function)}, with {@code parameterShapes} (null
   * for none), which loading uses to check a layer's settings against the saved parameters before
   * building it.
   */
  public <L extends Layer> LayerRegistry register(
      String typeName,
      Class<L> type,
      Function<? super L, LayerConfig> encoder,
      Function<? super LayerConfig, ? extends L> decoder,
      ParameterShapes parameterShapes) {
    checkNotNull(typeName, "typeName");
    checkArgument(
        TYPE_NAME.matcher(typeName).matches(),
        "layer type name '%s' must be 1 to 128 letters, digits or _ . $ -",
        typeName);
    checkArgument(!SEQUENTIAL.equals(typeName), "'%s' is reserved for nested models", SEQUENTIAL);
    checkNotNull(type, "type");
    checkArgument(type != Sequential.class, "nested Sequential models need no registration");
    checkArgument(
        !byName.containsKey(typeName),
        "layer type name '%s' is already registered for %s",
        typeName,
        byName.containsKey(typeName) ? byName.get(typeName).type.getName() : "");
    checkArgument(
        !byClass.containsKey(type),
        "%s is already registered as '%s'",
        type.getName(),
        byClass.containsKey(type) ? byClass.get(type).typeName : "");
    Entry<L> entry =
        new Entry<>(
            typeName,
            type,
            checkNotNull(encoder, "encoder"),
            checkNotNull(decoder, "decoder"),
            parameterShapes);
    byName.put(typeName, entry);
    byClass.put(type, entry);
    return this;
  }

  /** Registers a layer type without settings, made by {@code factory}. Returns this registry. */
  public <L extends Layer> LayerRegistry register(
      String typeName, Class<L> type, Supplier<? extends L> factory) {
    checkNotNull(factory, "factory");
    return register(typeName, type, layer -> LayerConfig.empty(), config -> factory.get());
  }

  /** The registered type names, sorted. */
  public NavigableSet<String> typeNames() {
    return Collections.unmodifiableNavigableSet(byName.navigableKeySet());
  }

  public boolean isRegistered(String typeName) {
    return byName.containsKey(typeName);
  }

  /** The type name {@code layer}'s class is registered under, or null. */
  String typeNameOf(Layer layer) {
    Entry<?> entry = byClass.get(layer.getClass());
    return entry == null ? null : entry.typeName;
  }

  /** {@code layer}'s settings; its class must be registered. */
  LayerConfig encode(Layer layer) {
    Entry<?> entry = byClass.get(layer.getClass());
    checkArgument(entry != null, "%s is not registered", layer.getClass().getName());
    return checkNotNull(entry.encode(layer), "the encoder for '%s' returned null", entry.typeName);
  }

  /**
   * A new layer of the registered {@code typeName} from {@code config}; the name must be
   * registered.
   */
  Layer decode(String typeName, LayerConfig config) {
    Entry<?> entry = byName.get(typeName);
    checkArgument(entry != null, "layer type '%s' is not registered", typeName);
    Layer layer = entry.decoder.apply(config);
    checkArgument(layer != null, "the decoder for '%s' returned null", typeName);
    checkArgument(
        entry.type.isInstance(layer),
        "the decoder for '%s' made a %s, not a %s",
        typeName,
        layer.getClass().getName(),
        entry.type.getName());
    return layer;
  }

  /**
   * The parameter shapes by name that a layer of the registered {@code typeName} with {@code
   * config} creates for per-sample inputs {@code input}, or null when the type has no {@link
   * ParameterShapes} hook.
   */
  Map<String, Shape> parameterShapes(String typeName, LayerConfig config, Shape input) {
    Entry<?> entry = byName.get(typeName);
    checkArgument(entry != null, "layer type '%s' is not registered", typeName);
    if (entry.parameterShapes == null) {
      return null;
    }
    return checkNotNull(
        entry.parameterShapes.of(config, input),
        "the parameter shapes of '%s' are null",
        typeName);
  }

  private static final class Entry<L extends Layer> {
    final String typeName;
    final Class<L> type;
    final Function<? super L, LayerConfig> encoder;
    final Function<? super LayerConfig, ? extends L> decoder;
    final ParameterShapes parameterShapes;

    Entry(
        String typeName,
        Class<L> type,
        Function<? super L, LayerConfig> encoder,
        Function<? super LayerConfig, ? extends L> decoder,
        ParameterShapes parameterShapes) {
      this.typeName = typeName;
      this.type = type;
      this.encoder = encoder;
      this.decoder = decoder;
      this.parameterShapes = parameterShapes;
    }

    LayerConfig encode(Layer layer) {
      return encoder.apply(type.cast(layer));
    }
  }
}
