package dev.lamina.training.io;

import static com.google.common.base.Preconditions.checkArgument;

import dev.lamina.layers.Forward;
import dev.lamina.layers.Layer;
import dev.lamina.layers.Parameter;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A test layer: {@code y = gain * (x W + b)} for inputs {@code [features]}, with a setting and two
 * parameters.
 */
final class TestAffine implements Layer {
  /** Keeps a corrupted-but-checksummed file from asking for huge parameters in property tests. */
  static final int MAX_SIZE = 4096;

  private final int units;
  private final double gain;
  private Parameter kernel;
  private Parameter bias;

  TestAffine(int units, double gain) {
    checkArgument(
        units > 0 && units <= MAX_SIZE, "units must be in [1, %s], got %s", MAX_SIZE, units);
    this.units = units;
    this.gain = gain;
  }

  static LayerRegistry register(LayerRegistry registry) {
    return registry.register(
        "TestAffine",
        TestAffine.class,
        layer ->
            LayerConfig.builder()
                .putInt("units", layer.units)
                .putDouble("gain", layer.gain)
                .build(),
        config -> new TestAffine(config.getInt("units"), config.getDouble("gain")));
  }

  @Override
  public Shape outputShape(Shape input) {
    checkArgument(
        input.rank() == 1 && input.dim(0) <= MAX_SIZE,
        "TestAffine takes [features] with at most %s features, got %s",
        MAX_SIZE,
        input);
    return Shape.of(units);
  }

  @Override
  public void build(Shape input, RandomGenerator random) {
    kernel = Parameter.zeros("kernel", Shape.of(input.dim(0), units));
    bias = Parameter.zeros("bias", Shape.of(units));
    float[] k = kernel.value().data();
    for (int i = 0; i < k.length; i++) {
      k[i] = (float) random.nextGaussian();
    }
    bias.value().fill((float) random.nextGaussian());
  }

  @Override
  public Forward forward(Tensor input, boolean training) {
    Tensor y = input.matmul(kernel.value());
    y.addBroadcastInPlace(bias.value(), 1);
    y.scaleInPlace((float) gain);
    return Forward.of(
        y,
        g -> {
          throw new UnsupportedOperationException("test layer");
        });
  }

  @Override
  public List<Parameter> parameters() {
    return List.of(kernel, bias);
  }
}
