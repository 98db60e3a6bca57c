package dev.lamina.layers;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.MapMaker;
import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A stack of layers applied in order. Building one checks every layer's input shape before any
 * data flows and initializes the parameters from a seed; a mistake names the layer's index and
 * name, the shape it expected and the shape it got. While data flows, a layer whose forward gives
 * another shape than its {@code outputShape} declared, or whose way back gives a gradient of
 * another shape than its input, is named the same way ({@link IllegalStateException}): that is a
 * bug in the layer, which the next layer would otherwise report as a bad input.
 *
 * <p>A {@code Sequential} is itself a {@link Layer}, so stacks nest. Inference ({@link #predict})
 * is safe from many threads at once; a training step is {@link #forward} with {@code training}
 * true, then {@link Forward#backward} on the result. {@link #forward(Tensor, boolean, int)} runs
 * only the first layers, for a trainer that fuses a final {@link Softmax} with its loss.
 *
 * <p>A layer object with parameters belongs to one model: adding it to a second model fails (a
 * layer holds its own parameters, which a second build would re-initialize), even once the first
 * model is no longer used; create a new instance. So does a {@link Dropout}, whose seed and count
 * of training passes decide its model's masks. Other layers without parameters and whole nested
 * models may be shared. The same object twice in one model always fails. {@link LayerContract},
 * which builds the layer it checks, refuses such a layer of a model too.
 *
 * <p>A {@link ReLU} directly followed by a {@link MaxPool2D} runs as the pooling and then the ReLU
 * on the pooled output, a quarter of the size for 2×2 windows. Nothing else changes: the maximum
 * commutes with the non-decreasing ReLU (which keeps NaNs where they are), and on the way back
 * both orders send each window's gradient to the same input element (the first largest one, or
 * the last NaN) or nowhere, so outputs and gradients are bit for bit those of the declared order
 * (NaNs as NaNs: the sign bit of a NaN that {@code inf - inf} makes can differ between
 * interpreted and compiled code in either order).
 * Shapes, names and the summary are the declared layers'; a {@link #forward(Tensor, boolean, int)
 * prefix} that ends at the ReLU runs it as declared.
 *
 * <p>Layers get automatic names from their type, Keras style ({@code conv2d_1}, {@code dense_2},
 * {@code max_pool2d_1}), unless named explicitly; {@link #namedParameters()} lists every parameter
 * under {@code <layer name>/<parameter name>}.
 */
public final class Sequential implements Layer {
  /** The seed used when none is given. */
  public static final long DEFAULT_SEED = 42L;

  private final Shape inputShape;
  private final ImmutableList<Layer> layers;
  private final ImmutableList<String> names;
  private final ImmutableList<Shape> outputShapes;
  /** Whether layer {@code i} is a ReLU that runs after the MaxPool2D following it. */
  private final boolean[] poolsFirst;

  /**
   * Every layer object whose parameters (or dropout state) a built model holds, or a build in
   * progress is about to create, compared by identity and held weakly: building such a layer into
   * a second model would re-initialize the first model's weights (or rebuild them for another
   * input shape). Other layers without parameters (ReLU, pooling) and nested models, whose build
   * creates nothing, may be shared freely.
   */
  private static final Set<Layer> OWNED =
      Collections.newSetFromMap(new MapMaker().weakKeys().makeMap());

  private Sequential(Shape inputShape, List<Layer> layers, List<String> names, long seed) {
    checkArgument(!layers.isEmpty(), "a Sequential model needs at least one layer");
    this.inputShape = inputShape;
    this.layers = ImmutableList.copyOf(layers);
    this.names = ImmutableList.copyOf(names);
    this.poolsFirst = new boolean[layers.size()];
    for (int i = 0; i + 1 < layers.size(); i++) {
      poolsFirst[i] = layers.get(i) instanceof ReLU && layers.get(i + 1) instanceof MaxPool2D;
    }
    List<Layer> claimed = claim();
    boolean built = false;
    try {
      this.outputShapes = buildLayers(seed);
      checkParameterNames();
      built = true;
    } finally {
      for (Layer layer : claimed) {
        if (!built || !holdsModelState(layer)) {
          OWNED.remove(layer);
        }
      }
    }
  }

  /**
   * Whether a built {@code layer} holds state of this model's, so that sharing it with another
   * model would change this one: parameters, or a {@link Dropout}'s seed (drawn at build) and its
   * count of training passes, which decide every later mask.
   */
  private static boolean holdsModelState(Layer layer) {
    return !layer.parameters().isEmpty() || layer instanceof Dropout;
  }

  /**
   * Whether {@code layer} holds the parameters (or dropout state) of a built model, or of one being
   * built: building it again would change that model. Nested models never do.
   */
  static boolean belongsToAModel(Layer layer) {
    synchronized (OWNED) {
      return OWNED.contains(layer);
    }
  }

  /**
   * Claims this model's layers (all but nested models) before they are built, failing when one
   * already holds another model's parameters; returns the layers claimed. Only the check and the
   * claim are atomic: the build itself runs unlocked.
   */
  private List<Layer> claim() {
    List<Layer> claimed = new ArrayList<>();
    synchronized (OWNED) {
      for (int i = 0; i < layers.size(); i++) {
        if (belongsToAModel(layers.get(i))) { // describe(i) only for the message it goes into
          throw new IllegalArgumentException(describe(i) + ": this layer object holds the"
              + " parameters (or dropout masks) of a model built earlier, which may still be in"
              + " use; add a new instance instead (building it again would re-initialize them)");
        }
      }
      for (Layer layer : layers) {
        if (!(layer instanceof Sequential)) {
          OWNED.add(layer);
          claimed.add(layer);
        }
      }
    }
    return claimed;
  }

  /**
   * A model of {@code layers} for per-sample inputs of {@code inputShape}, seeded with
   * {@link #DEFAULT_SEED}.
   */
  public static Sequential of(Shape inputShape, Layer... layers) {
    Builder b = builder(inputShape);
    for (Layer layer : layers) {
      b.add(layer);
    }
    return b.build();
  }

  /**
   * A builder for a model whose per-sample input is {@code inputShape} (e.g. {@code [1, 28, 28]}).
   */
  public static Builder builder(Shape inputShape) {
    return new Builder(inputShape);
  }

  private ImmutableList<Shape> buildLayers(long seed) {
    RandomGenerator random = new SplittableRandom(seed);
    ImmutableList.Builder<Shape> shapes = ImmutableList.builder();
    Shape shape = inputShape;
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      try {
        Shape out = layer.outputShape(shape);
        if (out == null) {
          throw new IllegalStateException(
              "outputShape returned null for " + BatchShapes.describe(shape));
        }
        layer.build(shape, random);
        shape = out;
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new IllegalArgumentException(describe(i) + ": " + e.getMessage(), e);
      } catch (RuntimeException e) { // a bug in the layer, such as an index out of bounds
        throw new IllegalStateException(describe(i) + ": outputShape or build threw " + e, e);
      }
      shapes.add(shape);
    }
    return shapes.build();
  }

  /**
   * Fails, naming both layers, when parameters of two layers would share a name in {@link
   * #namedParameters}: a layer named {@code a/b} beside a nested model {@code a} holding a layer
   * {@code b}. Model files store parameters by these names, so the clash would otherwise surface
   * only when saving. (A layer that gives two of its own parameters one name is left to {@link
   * LayerContract} and to saving: a composite layer may hold two layers of one type and still
   * train.)
   */
  private void checkParameterNames() {
    Map<String, Integer> owners = new HashMap<>();
    for (int i = 0; i < layers.size(); i++) {
      for (Map.Entry<String, Parameter> named : namedParametersOf(i)) {
        Integer owner = owners.putIfAbsent(named.getKey(), i);
        if (owner != null && owner != i) {
          throw new IllegalArgumentException(describe(i) + ": the parameter name '"
              + named.getKey() + "' is already taken by " + describe(owner)
              + "; rename one of the layers (parameters are named <layer name>/<parameter name>)");
        }
      }
    }
  }

  /** Layer {@code index}'s parameters under their model-wide names, in order, repeats kept. */
  private List<Map.Entry<String, Parameter>> namedParametersOf(int index) {
    Layer layer = layers.get(index);
    String prefix = names.get(index) + "/";
    List<Map.Entry<String, Parameter>> named = new ArrayList<>();
    if (layer instanceof Sequential) {
      ((Sequential) layer).namedParameters()
          .forEach((name, p) -> named.add(Map.entry(prefix + name, p)));
      return named;
    }
    List<Parameter> parameters = layer.parameters();
    if (parameters == null) {
      throw new IllegalStateException(describe(index)
          + ": parameters() returned null; a layer without parameters returns List.of()");
    }
    for (Parameter p : parameters) {
      named.add(Map.entry(prefix + p.name(), p));
    }
    return named;
  }

  private String describe(int index) {
    return "layer " + (index + 1) + " (" + names.get(index) + ", "
        + layers.get(index).typeName() + ")";
  }

  /** The per-sample input shape. */
  public Shape inputShape() {
    return inputShape;
  }

  /** The per-sample output shape of the last layer. */
  public Shape outputShape() {
    return outputShapes.get(outputShapes.size() - 1);
  }

  /** The last layer, e.g. to recognise a final {@link Softmax}. */
  public Layer lastLayer() {
    return layers.get(layers.size() - 1);
  }

  /** The layers, in order. */
  public List<Layer> layers() {
    return layers;
  }

  /** The name of layer {@code index} (0-based), such as {@code dense_2}. */
  public String layerName(int index) {
    return names.get(index);
  }

  /** The per-sample output shape of layer {@code index} (0-based). */
  public Shape layerOutputShape(int index) {
    return outputShapes.get(index);
  }

  @Override
  public Shape outputShape(Shape input) {
    checkArgument(input.equals(inputShape),
        "this model takes inputs of %s, got %s",
        BatchShapes.describe(inputShape), BatchShapes.describe(input));
    return outputShape();
  }

  /** Every layer's parameters, in layer order. */
  @Override
  public List<Parameter> parameters() {
    List<Parameter> all = new ArrayList<>();
    for (Layer layer : layers) {
      all.addAll(layer.parameters());
    }
    return all;
  }

  /**
   * Every parameter under a model-wide unique name, {@code <layer name>/<parameter name>} (such as
   * {@code dense_1/kernel}), in layer order; nested models add their own prefix. Names of
   * different layers never clash (building checks that); a layer that gives two of its own
   * parameters one name, which {@link LayerContract} reports, is listed with the last of them
   * only, and such a model cannot be saved.
   */
  public Map<String, Parameter> namedParameters() {
    Map<String, Parameter> all = new LinkedHashMap<>();
    for (int i = 0; i < layers.size(); i++) {
      for (Map.Entry<String, Parameter> named : namedParametersOf(i)) {
        all.put(named.getKey(), named.getValue());
      }
    }
    return Collections.unmodifiableMap(all);
  }

  /** The number of trainable scalars. */
  public long parameterCount() {
    long n = 0;
    for (Parameter p : parameters()) {
      n += p.size();
    }
    return n;
  }

  /** Sets every parameter's gradient to zero. */
  public void zeroGradients() {
    for (Parameter p : parameters()) {
      p.zeroGradient();
    }
  }

  /**
   * Runs every layer on {@code input} ({@code [N, ...inputShape]}) and returns the output with the
   * way back through all of them. Fails before any layer runs when the input's shape is wrong.
   */
  @Override
  public Forward forward(Tensor input, boolean training) {
    return forward(input, training, layers.size());
  }

  /**
   * Runs only the first {@code layerCount} layers (0 to {@code layers().size()}) and returns their
   * output with the way back through them. A trainer that fuses a final {@link Softmax} with
   * cross-entropy runs {@code forward(x, true, layers().size() - 1)} and feeds {@code p - y} into
   * the returned pass. With {@code layerCount} 0 the output is the input itself.
   */
  public Forward forward(Tensor input, boolean training, int layerCount) {
    checkArgument(layerCount >= 0 && layerCount <= layers.size(),
        "layerCount must be in [0, %s], got %s", layers.size(), layerCount);
    BatchShapes.checkBatch("model input", inputShape, input);
    Forward[] tape = new Forward[layerCount];
    Tensor x = input;
    int n = input.dim(0);
    for (int i = 0; i < layerCount; i++) {
      int index = layerAt(i, layerCount);
      tape[i] = layers.get(index).forward(x, training);
      if (tape[i] == null) {
        throw new IllegalStateException(describe(index) + ": forward returned null");
      }
      x = tape[i].output();
      checkOutput(i, layerCount, x, n);
    }
    Tensor output = x;
    return Forward.of(output, grad -> {
      checkOutputGradient(output, grad);
      Tensor g = grad;
      for (int i = tape.length - 1; i >= 0; i--) {
        g = tape[i].backward(g);
        checkInputGradient(i, layerCount, g, n);
      }
      return g;
    }, grad -> {
      checkOutputGradient(output, grad);
      // Layers before the first one with parameters need no gradient at all.
      int first = 0;
      while (first < tape.length && layers.get(layerAt(first, layerCount)).parameters().isEmpty()) {
        first++;
      }
      Tensor g = grad;
      for (int i = tape.length - 1; i > first; i--) {
        g = tape[i].backward(g);
        checkInputGradient(i, layerCount, g, n);
      }
      if (first < tape.length) {
        tape[first].backwardParameters(g);
      }
    });
  }

  /**
   * The model's output for a batch {@code [N, ...inputShape]}, in inference mode: the output of
   * {@code forward(input, false)}, bit for bit, computed without a way back. Each layer's output
   * can be freed as soon as the next layer has run, and an activation ({@link InPlaceInference})
   * overwrites an output that an earlier built-in layer of this call made instead of allocating
   * another tensor of its size. {@code input} is never modified.
   */
  public Tensor predict(Tensor input) {
    return predict(input, layers.size());
  }

  /**
   * {@link #predict(Tensor)} through the first {@code layerCount} layers only (0 to
   * {@code layers().size()}), e.g. the logits below a final Softmax; with 0 it returns
   * {@code input} itself.
   */
  public Tensor predict(Tensor input, int layerCount) {
    checkArgument(layerCount >= 0 && layerCount <= layers.size(),
        "layerCount must be in [0, %s], got %s", layers.size(), layerCount);
    BatchShapes.checkBatch("model input", inputShape, input);
    Tensor x = input;
    int n = input.dim(0);
    // whether x was made during this call by built-in layers and nobody else holds it
    boolean owned = false;
    for (int i = 0; i < layerCount; i++) {
      int index = layerAt(i, layerCount);
      Layer layer = layers.get(index);
      if (owned && layer instanceof InPlaceInference
          && shapeAfter(i, layerCount).equals(shapeBefore(i, layerCount))) {
        ((InPlaceInference) layer).inferInPlace(x);
        continue;
      }
      Forward pass = layer.forward(x, false);
      if (pass == null) {
        throw new IllegalStateException(describe(index) + ": forward returned null");
      }
      Tensor y = pass.output();
      checkOutput(i, layerCount, y, n);
      // a view of its input (same array) is owned exactly when its input was
      owned = layer instanceof FreshOutput && (y.data() != x.data() || owned);
      x = y;
    }
    return x;
  }

  /**
   * The layer that runs at step {@code step} of a pass through the first {@code layerCount}
   * layers: the declared one, except that a ReLU and the MaxPool2D after it trade places.
   */
  private int layerAt(int step, int layerCount) {
    if (step + 1 < layerCount && poolsFirst[step]) {
      return step + 1;
    }
    if (step > 0 && step < layerCount && poolsFirst[step - 1]) {
      return step - 1;
    }
    return step;
  }

  /** The per-sample shape after step {@code step} (see {@link #layerAt}). */
  private Shape shapeAfter(int step, int layerCount) {
    boolean pooledEarly = step + 1 < layerCount && poolsFirst[step];
    return outputShapes.get(pooledEarly ? step + 1 : step);
  }

  /** The per-sample shape before step {@code step} (see {@link #layerAt}). */
  private Shape shapeBefore(int step, int layerCount) {
    return step == 0 ? inputShape : shapeAfter(step - 1, layerCount);
  }

  /**
   * Checks that step {@code step}'s layer gave {@code [n, ...its outputShape]}: a custom layer
   * whose forward disagrees with its own shape rule is named here, not by the layer after it.
   */
  private void checkOutput(int step, int layerCount, Tensor output, int n) {
    Shape expected = shapeAfter(step, layerCount).prepend(n);
    if (output == null || !output.shape().equals(expected)) {
      throw new IllegalStateException(describe(layerAt(step, layerCount)) + ": forward gave "
          + (output == null ? "no output" : output.shape()) + " for a batch of " + n
          + ", but its outputShape is " + expected);
    }
  }

  /** Checks that the gradient a pass is given is shaped like the pass's output. */
  private static void checkOutputGradient(Tensor output, Tensor gradient) {
    checkArgument(gradient != null && gradient.shape().equals(output.shape()),
        "model backward: the gradient %s does not match the output %s",
        gradient == null ? "null" : gradient.shape(), output.shape());
  }

  /** Checks that step {@code step}'s way back gave a gradient of its input's shape. */
  private void checkInputGradient(int step, int layerCount, Tensor gradient, int n) {
    Shape expected = shapeBefore(step, layerCount).prepend(n);
    if (gradient == null || !gradient.shape().equals(expected)) {
      throw new IllegalStateException(describe(layerAt(step, layerCount)) + ": backward gave "
          + (gradient == null ? "no gradient" : "a gradient " + gradient.shape())
          + " for its input " + expected);
    }
  }

  /** A Keras-style table of layers, output shapes and parameter counts, with totals. */
  public String summary() {
    return ModelSummary.of(this);
  }

  @Override
  public String toString() {
    return "Sequential(" + layers.size() + " layers, input " + inputShape + ")";
  }

  /** Collects layers, their names and the seed for a {@link Sequential}. */
  public static final class Builder {
    private final Shape inputShape;
    private final List<Layer> layers = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final Map<String, Integer> counters = new HashMap<>();
    private final Set<String> used = new HashSet<>();
    private long seed = DEFAULT_SEED;

    private Builder(Shape inputShape) {
      this.inputShape = checkNotNull(inputShape, "inputShape");
    }

    /** Appends {@code layer} with an automatic name such as {@code conv2d_1}. */
    public Builder add(Layer layer) {
      checkNotNull(layer, "layer %s is null", layers.size() + 1);
      String base = snakeCase(checkTypeName(layer));
      checkArgument(base.chars().anyMatch(Character::isLetterOrDigit), "layer %s (%s) has the"
          + " typeName() '%s', with no letter or digit for its automatic name; return a name"
          + " such as its class's", layers.size() + 1, layer.getClass().getName(),
          layer.typeName());
      String name;
      do {
        name = base + "_" + counters.merge(base, 1, Integer::sum);
      } while (used.contains(name));
      return add(name, layer);
    }

    /**
     * Keras' rule: {@code Conv2D -> conv2d}, {@code MaxPool2D -> max_pool2d},
     * {@code ReLU -> re_lu}; the parts of an anonymous class's name are joined by {@code _}:
     * {@code MyTest$1 -> my_test_1}.
     */
    static String snakeCase(String typeName) {
      List<String> parts = new ArrayList<>();
      for (String part : typeName.split("\\$")) {
        String words = part.replaceAll("(.)([A-Z][a-z0-9]+)", "$1_$2");
        parts.add(words.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT));
      }
      return String.join("_", parts);
    }

    /** Appends {@code layer} under {@code name}, which must be unique in the model. */
    public Builder add(String name, Layer layer) {
      checkNotNull(layer, "layer %s is null", layers.size() + 1);
      checkArgument(name != null && !name.isBlank(),
          "layer %s needs a non-blank name", layers.size() + 1);
      checkTypeName(layer);
      for (int i = 0; i < layers.size(); i++) {
        checkArgument(layers.get(i) != layer, "layer %s (%s) is the same object as layer %s; "
            + "add a new instance instead", layers.size() + 1, name, i + 1);
      }
      checkArgument(used.add(name), "layer name '%s' is used twice", name);
      layers.add(layer);
      names.add(name);
      return this;
    }

    /** The layer's type name, refused when blank: the summary and the model file need it. */
    private String checkTypeName(Layer layer) {
      String type = layer.typeName();
      checkArgument(type != null && !type.isBlank(), "layer %s (%s) has a blank typeName(), which"
          + " its automatic name, the summary and the model file need; return a name such as its"
          + " class's", layers.size() + 1, layer.getClass().getName());
      return type;
    }

    /** The seed parameters are initialized from (default {@link #DEFAULT_SEED}). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Checks every layer's shapes, initializes the parameters and returns the model. */
    public Sequential build() {
      return new Sequential(inputShape, layers, names, seed);
    }
  }
}
