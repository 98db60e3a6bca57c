package dev.lamina.training.io;

import dev.lamina.layers.Layer;
import dev.lamina.layers.Parameter;
import dev.lamina.layers.Sequential;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Encodes a model (and optionally its training state) in the format described in {@link
 * ModelFiles}.
 */
final class ModelWriter {
  private final LayerRegistry registry;

  ModelWriter(LayerRegistry registry) {
    this.registry = registry;
  }

  /**
   * Writes {@code model} and {@code state} (null for none) to {@code out}, which is flushed, not
   * closed. Throws {@link IllegalArgumentException}, before writing anything, naming the layer
   * when a layer's type is not registered, or naming the parameter when one holds a NaN or an
   * infinity (such a file could not be loaded). {@code state}'s arrays may hold any value.
   */
  void write(Sequential model, TrainingState state, OutputStream out) throws IOException {
    Map<String, Parameter> parameters = checkSavable(model);
    checkFinite(parameters);
    LeOutput o = new LeOutput(out);
    o.bytes(ModelFormat.MAGIC);
    o.i32(ModelFormat.VERSION);
    shape(o, model.inputShape());
    layers(o, model);
    parameters(o, parameters);
    if (state == null) {
      o.u8(0);
    } else {
      o.u8(1);
      state(o, state);
    }
    o.finish();
  }

  /**
   * Throws {@link IllegalArgumentException} naming the layer when {@code model} could not be saved
   * whatever its values: a layer's type is not registered, or a layer gives two parameters one
   * name. Returns the parameters by qualified name.
   */
  Map<String, Parameter> checkSavable(Sequential model) {
    checkRegistered(model, "");
    return namedParameters(model);
  }

  private void checkRegistered(Sequential model, String prefix) {
    for (int i = 0; i < model.layers().size(); i++) {
      Layer layer = model.layers().get(i);
      String where = prefix + model.layerName(i);
      if (layer instanceof Sequential) {
        checkRegistered((Sequential) layer, where + "/");
      } else if (registry.typeNameOf(layer) == null) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "cannot save layer %s (%s): its class %s is not registered; %s",
                where,
                layer.typeName(),
                layer.getClass().getName(),
                registrationHint(layer)));
      }
    }
  }

  /** How to register {@code layer}'s class; an anonymous class has no name to register. */
  private static String registrationHint(Layer layer) {
    Class<?> type = layer.getClass();
    if (type.isAnonymousClass()) {
      return "an anonymous class has no name to register it by: make it a named class, register"
          + " it with registry.register(\"Name\", Name.class, encoder, decoder) and save with"
          + " that registry";
    }
    return String.format(Locale.ROOT, "register it with registry.register(\"%s\", %s.class,"
        + " encoder, decoder) and save with that registry", layer.typeName(), type.getSimpleName());
  }

  private static void checkFinite(Map<String, Parameter> parameters) {
    for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
      Tensor value = e.getValue().value();
      int bad = value.firstNonFinite();
      if (bad >= 0) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "cannot save parameter %s %s: it holds %s at index %d, and a model file holds only"
                    + " finite parameters (did training diverge?)",
                e.getKey(), value.shape(), value.getFlat(bad), bad));
      }
    }
  }

  private static void shape(LeOutput o, Shape shape) throws IOException {
    o.i32(shape.rank());
    for (int d : shape.dims()) {
      o.i32(d);
    }
  }

  private void layers(LeOutput o, Sequential model) throws IOException {
    List<Layer> layers = model.layers();
    o.i32(layers.size());
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      o.string(model.layerName(i));
      if (layer instanceof Sequential) {
        Sequential nested = (Sequential) layer;
        o.string(LayerRegistry.SEQUENTIAL);
        config(o, LayerConfig.builder().putInts("inputShape", nested.inputShape().dims()).build());
        layers(o, nested);
      } else {
        o.string(registry.typeNameOf(layer));
        config(o, registry.encode(layer));
        o.i32(0);
      }
    }
  }

  private static void config(LeOutput o, LayerConfig config) throws IOException {
    o.i32(config.size());
    for (String key : config.keys()) {
      Object value = config.rawValue(key);
      ConfigType type = ConfigType.of(value);
      o.string(key);
      o.u8(type.tag());
      switch (type) {
        case INT -> o.i32((Integer) value);
        case LONG -> o.i64((Long) value);
        case DOUBLE -> o.f64((Double) value);
        case BOOLEAN -> o.u8((Boolean) value ? 1 : 0);
        case STRING -> o.string((String) value);
        case INTS -> ints(o, (int[]) value);
        default -> throw new AssertionError(type);
      }
    }
  }

  private static void ints(LeOutput o, int[] values) throws IOException {
    o.i32(values.length);
    for (int v : values) {
      o.i32(v);
    }
  }

  private static void parameters(LeOutput o, Map<String, Parameter> named) throws IOException {
    o.i32(named.size());
    for (Map.Entry<String, Parameter> e : named.entrySet()) {
      Tensor value = e.getValue().value();
      o.string(e.getKey());
      shape(o, value.shape());
      o.floats(value.data(), value.offset(), value.size());
    }
  }

  /**
   * The model's parameters by qualified name, in model order; fails, naming the layer, if one
   * layer gives two of its parameters the same name (names of different layers never clash).
   */
  static Map<String, Parameter> namedParameters(Sequential model) {
    Map<String, Parameter> named = model.namedParameters();
    if (named.size() != model.parameters().size()) {
      String layer = sameNamedParameters(model, "");
      throw new IllegalArgumentException(layer != null ? layer
          : "the model's parameters do not have distinct names: " + named.keySet());
    }
    return named;
  }

  /**
   * Names the first layer, nested models searched too, that gives two parameters one name; null
   * when none does.
   */
  private static String sameNamedParameters(Sequential model, String prefix) {
    for (int i = 0; i < model.layers().size(); i++) {
      Layer layer = model.layers().get(i);
      String name = prefix + model.layerName(i);
      if (layer instanceof Sequential) {
        String found = sameNamedParameters((Sequential) layer, name + "/");
        if (found != null) {
          return found;
        }
        continue;
      }
      Set<String> seen = new HashSet<>();
      for (Parameter p : layer.parameters()) {
        if (!seen.add(p.name())) {
          return String.format(Locale.ROOT, "layer %s (%s) gives two of its parameters the name"
              + " '%s'; a model file tells parameters apart by name (LayerContract reports this)",
              name, layer.typeName(), p.name());
        }
      }
    }
    return null;
  }

  private static void state(LeOutput o, TrainingState state) throws IOException {
    o.i32(state.rawArrays().size());
    for (Map.Entry<String, float[]> e : state.rawArrays().entrySet()) {
      o.string(e.getKey());
      o.i32(e.getValue().length);
      o.floats(e.getValue(), 0, e.getValue().length);
    }
    o.i32(state.rawLongs().size());
    for (Map.Entry<String, Long> e : state.rawLongs().entrySet()) {
      o.string(e.getKey());
      o.i64(e.getValue());
    }
    o.i32(state.rawDoubles().size());
    for (Map.Entry<String, Double> e : state.rawDoubles().entrySet()) {
      o.string(e.getKey());
      o.f64(e.getValue());
    }
    o.i32(state.rawStrings().size());
    for (Map.Entry<String, String> e : state.rawStrings().entrySet()) {
      o.string(e.getKey());
      o.string(e.getValue());
    }
  }
}
