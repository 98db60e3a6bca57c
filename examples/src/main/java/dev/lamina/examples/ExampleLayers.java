package dev.lamina.examples;

import dev.lamina.training.io.LayerConfig;
import dev.lamina.training.io.LayerRegistry;

/**
 * The layer types the command line reads and writes in model files: the built-ins and
 * {@link Swish}.
 */
public final class ExampleLayers {
  private ExampleLayers() {}

  /**
   * {@link LayerRegistry#defaults()} plus {@code Swish}, saved with its initial β (the learned β
   * is a parameter and is saved with the weights).
   */
  public static LayerRegistry registry() {
    return LayerRegistry.defaults().register("Swish", Swish.class,
        swish -> LayerConfig.builder().putDouble("initialBeta", swish.initialBeta()).build(),
        config -> new Swish((float) config.getDouble("initialBeta")));
  }
}
