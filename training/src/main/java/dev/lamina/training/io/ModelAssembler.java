package dev.lamina.training.io;

import dev.lamina.layers.Layer;
import dev.lamina.layers.Parameter;
import dev.lamina.layers.Sequential;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds a {@link Sequential} from a parsed file: creates each layer through the registry and,
 * before anything is built, follows the shapes through the layers and checks each layer's settings
 * against its saved parameter shapes (for types with a {@link LayerRegistry.ParameterShapes}
 * hook) and each per-sample activation and the parameters against a {@link HeapBudget}, so
 * forged sizes fail before they are allocated; then builds the model under the saved
 * names and copies the saved parameter values in, checking their names and shapes. Every failure,
 * including one thrown by a layer codec, becomes a {@link ModelFileException}; names read from the
 * file enter its message only through {@link FileText#shown}.
 */
final class ModelAssembler {
  private final String source;
  private final LayerRegistry registry;
  private final HeapBudget budget;
  private final long fileBytes;
  private Map<String, ParameterRecord> savedByName = Map.of();
  private long parameterBytes;

  /**
   * Assembles models read from {@code source} ({@code fileBytes} long) within {@code budget}: the
   * parameters and every per-sample activation are checked against it before they are allocated.
   */
  ModelAssembler(String source, LayerRegistry registry, HeapBudget budget, long fileBytes) {
    this.source = source;
    this.registry = registry;
    this.budget = budget;
    this.fileBytes = fileBytes;
  }

  Sequential assemble(ModelDescription description) throws ModelFileException {
    checkRegistered(description.layers(), "");
    savedByName = new HashMap<>();
    long values = 0;
    for (ParameterRecord record : description.parameters()) {
      savedByName.putIfAbsent(record.name(), record);
      values += record.shape().size();
    }
    parameterBytes = budget.checkParameters(source, values, fileBytes);
    budget.checkActivation(source, "the model takes", description.inputShape(), parameterBytes);
    Sequential model = build(description.inputShape(), description.layers(), "");
    copyParameters(model, description);
    return model;
  }

  private void checkRegistered(List<LayerSpec> layers, String prefix) throws ModelFileException {
    for (LayerSpec spec : layers) {
      String where = prefix + spec.name();
      if (LayerRegistry.SEQUENTIAL.equals(spec.typeName())) {
        checkRegistered(spec.children(), where + "/");
      } else if (!registry.isRegistered(spec.typeName())) {
        String type = FileText.shown(spec.typeName());
        throw defect(null, "layer %s has type '%s', which is not registered; register it with"
                + " LayerRegistry.register(\"%s\", ...) and load with that registry"
                + " (registered: %s)",
            FileText.shown(where), type, type, registry.typeNames());
      } else if (!spec.children().isEmpty()) {
        throw defect(
            "layer "
                + FileText.shown(where)
                + " of type '"
                + spec.typeName()
                + "' cannot have nested layers",
            null);
      }
    }
  }

  private Sequential build(Shape inputShape, List<LayerSpec> specs, String prefix)
      throws ModelFileException {
    if (specs.isEmpty()) {
      throw defect(
          (prefix.isEmpty() ? "the model" : "nested model " + FileText.shown(prefix))
              + " has no layers",
          null);
    }
    Sequential.Builder builder = Sequential.builder(inputShape);
    Shape shape = inputShape;
    for (LayerSpec spec : specs) {
      Layer layer = layer(spec, prefix);
      shape = checkedOutputShape(spec, prefix, layer, shape);
      try {
        builder.add(spec.name(), layer);
      } catch (RuntimeException e) {
        throw defect("layer " + FileText.shown(prefix + spec.name()) + ": " + e.getMessage(), e);
      }
    }
    try {
      return builder.build();
    } catch (RuntimeException e) {
      throw defect("the saved layers do not fit together: " + e.getMessage(), e);
    }
  }

  /**
   * {@code layer}'s per-sample output shape for {@code input}, computed without building it; unless
   * it is a nested model (whose layers were checked one by one), first checks its settings against
   * the saved parameters and then that its output fits the heap budget.
   */
  private Shape checkedOutputShape(LayerSpec spec, String prefix, Layer layer, Shape input)
      throws ModelFileException {
    String where = FileText.shown(prefix + spec.name());
    Shape output;
    try {
      output = layer.outputShape(input);
    } catch (RuntimeException e) {
      throw defect(
          "the saved layers do not fit together: layer " + where + ": " + e.getMessage(), e);
    }
    if (LayerRegistry.SEQUENTIAL.equals(spec.typeName())) {
      return output;
    }
    checkSavedParameters(spec, prefix, input);
    budget.checkActivation(source, "layer " + where + " outputs", output, parameterBytes);
    return output;
  }

  /**
   * When {@code spec}'s type tells which parameters its settings create for {@code input}, checks
   * them against the saved parameter records.
   */
  private void checkSavedParameters(LayerSpec spec, String prefix, Shape input)
      throws ModelFileException {
    String where = FileText.shown(prefix + spec.name());
    Map<String, Shape> expected;
    try {
      expected = registry.parameterShapes(spec.typeName(), spec.config(), input);
    } catch (RuntimeException e) {
      throw defect(e, "layer %s of type '%s' with configuration %s does not fit input %s: %s",
          where, spec.typeName(), spec.config(), input, e.getMessage());
    }
    if (expected != null) {
      for (Map.Entry<String, Shape> parameter : expected.entrySet()) {
        ParameterRecord record =
            savedByName.get(prefix + spec.name() + "/" + parameter.getKey());
        if (record == null || !record.shape().equals(parameter.getValue())) {
          throw defect(null, "layer %s of type '%s' with configuration %s would create parameter"
                  + " %s %s, but the file %s",
              where, spec.typeName(), spec.config(), parameter.getKey(), parameter.getValue(),
              record == null ? "has no such parameter" : "stores " + record.shape());
        }
      }
    }
  }

  private Layer layer(LayerSpec spec, String prefix) throws ModelFileException {
    if (!LayerRegistry.SEQUENTIAL.equals(spec.typeName())) {
      try {
        return registry.decode(spec.typeName(), spec.config());
      } catch (RuntimeException e) {
        throw defect(e, "cannot create layer %s of type '%s' from configuration %s: %s",
            FileText.shown(prefix + spec.name()), spec.typeName(), spec.config(), e.getMessage());
      }
    }
    Shape input;
    try {
      input = Shape.of(spec.config().getInts("inputShape"));
    } catch (RuntimeException e) {
      throw defect(
          "nested model "
              + FileText.shown(prefix + spec.name())
              + " has no valid input shape: "
              + e.getMessage(),
          e);
    }
    return build(input, spec.children(), prefix + spec.name() + "/");
  }

  private void copyParameters(Sequential model, ModelDescription description)
      throws ModelFileException {
    List<Map.Entry<String, Parameter>> expected;
    try {
      expected = List.copyOf(ModelWriter.namedParameters(model).entrySet());
    } catch (IllegalArgumentException e) {
      throw defect("the model built from the file is not usable: " + e.getMessage(), e);
    }
    List<ParameterRecord> saved = description.parameters();
    if (expected.size() != saved.size()) {
      throw defect(null, "the file has %d parameters, but the model built from it has %d",
          saved.size(), expected.size());
    }
    for (int i = 0; i < saved.size(); i++) {
      ParameterRecord record = saved.get(i);
      String name = expected.get(i).getKey();
      Tensor value = expected.get(i).getValue().value();
      if (!record.name().equals(name) || !record.shape().equals(value.shape())) {
        throw defect(null, "parameter %d is %s %s in the file, but %s %s in the model built from"
                + " it",
            i + 1, FileText.shown(record.name()), record.shape(), FileText.shown(name),
            value.shape());
      }
      description
          .data()
          .copyFloats(record.dataOffset(), value.data(), value.offset(), value.size());
    }
  }

  private ModelFileException defect(String problem, Throwable cause) {
    return new ModelFileException(source, problem, cause);
  }

  /** A defect described by {@code format} filled with {@code args} (see ModelFileException). */
  private ModelFileException defect(Throwable cause, String format, Object... args) {
    return ModelFileException.formatted(source, cause, format, args);
  }
}
