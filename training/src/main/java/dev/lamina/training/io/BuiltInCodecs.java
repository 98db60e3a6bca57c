package dev.lamina.training.io;

import com.google.common.collect.ImmutableMap;
import dev.lamina.layers.AvgPool2D;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Dropout;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.LeakyReLU;
import dev.lamina.layers.MaxPool2D;
import dev.lamina.layers.Pooling2D;
import dev.lamina.layers.ReLU;
import dev.lamina.layers.Rescaling;
import dev.lamina.layers.Sigmoid;
import dev.lamina.layers.Softmax;
import dev.lamina.layers.Tanh;
import dev.lamina.layers.WeightInit;
import dev.lamina.tensor.Shape;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The codecs of Lamina's built-in layers, each registered under its class's simple name. Settings
 * are stored by their getter names; initializers by their {@link WeightInit} constant names. A
 * {@link Dropout} stores its effective seed and its training-pass count, so a loaded model draws
 * the masks an uninterrupted run would have drawn next.
 */
final class BuiltInCodecs {
  private BuiltInCodecs() {}

  static void registerAll(LayerRegistry registry) {
    registry
        .register(
            "Dense",
            Dense.class,
            BuiltInCodecs::encodeDense,
            BuiltInCodecs::decodeDense,
            BuiltInCodecs::denseShapes)
        .register(
            "Conv2D",
            Conv2D.class,
            BuiltInCodecs::encodeConv,
            BuiltInCodecs::decodeConv,
            BuiltInCodecs::convShapes)
        .register(
            "MaxPool2D",
            MaxPool2D.class,
            BuiltInCodecs::encodePooling,
            c ->
                new MaxPool2D(
                    c.getInt("kernelHeight"),
                    c.getInt("kernelWidth"),
                    c.getInt("stride"),
                    c.getInt("padding")))
        .register(
            "AvgPool2D",
            AvgPool2D.class,
            BuiltInCodecs::encodePooling,
            c ->
                new AvgPool2D(
                    c.getInt("kernelHeight"),
                    c.getInt("kernelWidth"),
                    c.getInt("stride"),
                    c.getInt("padding")))
        .register(
            "Dropout", Dropout.class, BuiltInCodecs::encodeDropout, BuiltInCodecs::decodeDropout)
        .register(
            "LeakyReLU",
            LeakyReLU.class,
            layer -> LayerConfig.builder().putDouble("slope", layer.slope()).build(),
            c -> new LeakyReLU((float) c.getDouble("slope")))
        .register(
            "Rescaling",
            Rescaling.class,
            layer -> LayerConfig.builder().putDouble("scale", layer.scale())
                .putDouble("offset", layer.offset()).build(),
            c -> new Rescaling((float) c.getDouble("scale"), (float) c.getDouble("offset")))
        .register("Flatten", Flatten.class, Flatten::new)
        .register("ReLU", ReLU.class, ReLU::new)
        .register("Sigmoid", Sigmoid.class, Sigmoid::new)
        .register("Tanh", Tanh.class, Tanh::new)
        .register("Softmax", Softmax.class, Softmax::new);
  }

  private static LayerConfig encodeDense(Dense layer) {
    return LayerConfig.builder()
        .putInt("units", layer.units())
        .putString("weightInit", layer.weightInit().name())
        .putString("biasInit", layer.biasInit().name())
        .build();
  }

  private static Dense decodeDense(LayerConfig c) {
    return Dense.builder(c.getInt("units"))
        .weightInit(init(c, "weightInit"))
        .biasInit(init(c, "biasInit"))
        .build();
  }

  /** Dense's {@code kernel [inputs, units]} and {@code bias [units]}. */
  private static Map<String, Shape> denseShapes(LayerConfig c, Shape input) {
    int units = c.getInt("units");
    return ImmutableMap.of("kernel", Shape.of(input.dim(0), units), "bias", Shape.of(units));
  }

  /** Conv2D's {@code kernel [filters, channels, kh, kw]} and {@code bias [filters]}. */
  private static Map<String, Shape> convShapes(LayerConfig c, Shape input) {
    int filters = c.getInt("filters");
    Shape kernel =
        Shape.of(filters, input.dim(0), c.getInt("kernelHeight"), c.getInt("kernelWidth"));
    return ImmutableMap.of("kernel", kernel, "bias", Shape.of(filters));
  }

  private static LayerConfig encodeConv(Conv2D layer) {
    return LayerConfig.builder()
        .putInt("filters", layer.filters())
        .putInt("kernelHeight", layer.kernelHeight())
        .putInt("kernelWidth", layer.kernelWidth())
        .putInt("stride", layer.stride())
        .putInt("padding", layer.padding())
        .putString("weightInit", layer.weightInit().name())
        .putString("biasInit", layer.biasInit().name())
        .build();
  }

  private static Conv2D decodeConv(LayerConfig c) {
    return Conv2D.builder(c.getInt("filters"))
        .kernel(c.getInt("kernelHeight"), c.getInt("kernelWidth"))
        .stride(c.getInt("stride"))
        .padding(c.getInt("padding"))
        .weightInit(init(c, "weightInit"))
        .biasInit(init(c, "biasInit"))
        .build();
  }

  private static LayerConfig encodePooling(Pooling2D layer) {
    return LayerConfig.builder()
        .putInt("kernelHeight", layer.kernelHeight())
        .putInt("kernelWidth", layer.kernelWidth())
        .putInt("stride", layer.stride())
        .putInt("padding", layer.padding())
        .build();
  }

  private static LayerConfig encodeDropout(Dropout layer) {
    return LayerConfig.builder()
        .putDouble("rate", layer.rate())
        .putLong("seed", layer.seed())
        .putLong("trainingPasses", layer.trainingPasses())
        .build();
  }

  private static Dropout decodeDropout(LayerConfig c) {
    Dropout layer = new Dropout(c.getDouble("rate"), c.getLong("seed"));
    layer.resumeAt(c.getLong("trainingPasses"));
    return layer;
  }

  private static WeightInit init(LayerConfig c, String key) {
    String name = c.getString(key);
    try {
      return WeightInit.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s '%s' is not one of %s", key, name, Arrays.toString(WeightInit.values())),
          e);
    }
  }
}
