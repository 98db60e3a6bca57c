package dev.lamina.layers;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A layer: a function from a batch of inputs to a batch of outputs, with its way back.
 *
 * <p>Shapes given to and returned by {@link #outputShape} are per sample, without the batch
 * dimension: a Dense layer maps {@code [features]} to {@code [units]}, a Conv2D maps
 * {@code [C, H, W]} to {@code [F, OH, OW]}. Tensors given to {@link #forward} carry the batch
 * first: {@code [N, ...inputShape]}.
 *
 * <p>Life cycle: {@link Sequential} asks every layer for its {@link #outputShape} and then calls
 * {@link #build} once, before any data flows; a layer with parameters creates them there and throws
 * {@link IllegalStateException} (naming itself) when run before it was built.
 *
 * <p>A forward pass stores nothing on the layer: everything the way back needs lives in the
 * returned {@link Forward}, so one model may serve inference from many threads at once, and a
 * pass's {@link Forward#backward} is unaffected by later passes.
 *
 * <p>A new layer is one short class. This one learns a single factor {@code a}, {@code y = a · x}:
 *
 * <pre>{@code
 * public final class Scale implements Layer {
 *   private Parameter a;
 *
 *   public Shape outputShape(Shape input) {
 *     return input;
 *   }
 *
 *   public void build(Shape input, RandomGenerator random) {
 *     a = new Parameter("a", Tensor.filled(Shape.of(1), 1f));
 *   }
 *
 *   public Forward forward(Tensor x, boolean training) {
 *     Parameter p = a;                        // keep state in the pass, not the layer
 *     if (p == null) {
 *       throw new IllegalStateException("Scale: add it to a Sequential, which builds it, first");
 *     }
 *     float av = p.value().getFlat(0);
 *     return Forward.of(x.scale(av), g -> {
 *       p.gradient().setFlat(0, p.gradient().getFlat(0) + g.multiply(x).sum());  // dL/da
 *       return g.scale(av);                   // dL/dx
 *     });
 *   }
 *
 *   public List<Parameter> parameters() {
 *     return a == null ? List.of() : List.of(a);
 *   }
 * }
 * }</pre>
 *
 * Check it with {@code LayerContract.check(new Scale(), Shape.of(3, 8))}: output shape, parameters,
 * no state between passes and a double-precision gradient check ({@link LayerContract},
 * {@link GradientChecker}).
 */
public interface Layer {
  /**
   * The per-sample output shape for a per-sample {@code input} shape. Throws
   * {@link IllegalArgumentException} naming what was expected and what came when the layer cannot
   * take that input; never touches data.
   */
  Shape outputShape(Shape input);

  /**
   * Prepares the layer for per-sample inputs of shape {@code input}: a layer with parameters
   * creates and initializes them here from {@code random} (the model's seeded generator). Called
   * once, by {@link Sequential} when the model is built, after {@link #outputShape} accepted the
   * input. Layers without parameters need not override it.
   */
  default void build(Shape input, RandomGenerator random) {}

  /**
   * Runs the layer on a batch {@code [N, ...inputShape]}, returning the output and the way back.
   * {@code training} is true in a training step (dropout drops, for example) and false for
   * inference. Does not modify {@code input}.
   */
  Forward forward(Tensor input, boolean training);

  /** The trainable parameters, in a fixed order; empty for layers without any. */
  default List<Parameter> parameters() {
    return List.of();
  }

  /**
   * The name {@link Sequential} derives automatic layer names from and its summary shows, e.g.
   * {@code Dense}: by default the class's {@link ClassNames#simpleName simple name}, which for an
   * anonymous class is like {@code MyTest$1}. Never empty.
   */
  default String typeName() {
    return ClassNames.simpleName(getClass());
  }
}
