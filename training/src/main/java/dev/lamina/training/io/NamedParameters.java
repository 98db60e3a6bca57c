package dev.lamina.training.io;

import dev.lamina.layers.Layer;
import dev.lamina.layers.Parameter;
import dev.lamina.layers.Sequential;
import java.util.ArrayList;
import java.util.List;

/**
 * A model's parameters in file order with qualified names: the layer names from the outermost
 * model inwards and the parameter's own name, joined by {@code /} (e.g. {@code block_1/dense_1/kernel}).
 */
final class NamedParameters {
  private NamedParameters() {}

  record Named(String name, Parameter parameter) {}

  static List<Named> of(Sequential model) {
    List<Named> out = new ArrayList<>();
    collect(model, "", out);
    return out;
  }

  private static void collect(Sequential model, String prefix, List<Named> out) {
    List<Layer> layers = model.layers();
    for (int i = 0; i < layers.size(); i++) {
      String path = prefix + model.layerName(i) + "/";
      Layer layer = layers.get(i);
      if (layer instanceof Sequential) {
        collect((Sequential) layer, path, out);
      } else {
        for (Parameter p : layer.parameters()) {
          out.add(new Named(path + p.name(), p));
        }
      }
    }
  }
}
