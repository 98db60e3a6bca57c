package dev.lamina.layers;

import com.google.common.base.Strings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders a {@link Sequential} as a Keras-style summary table. */
final class ModelSummary {
  private ModelSummary() {}

  static String of(Sequential model) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"Layer (type)", "Output Shape", "Param #"});
    long total = 0;
    for (int i = 0; i < model.layers().size(); i++) {
      Layer layer = model.layers().get(i);
      long count = layer.parameters().stream().mapToLong(Parameter::size).sum();
      total += count;
      rows.add(new String[] {
          model.layerName(i) + " (" + layer.typeName() + ")",
          BatchShapes.describe(model.layerOutputShape(i)),
          String.format(Locale.ROOT, "%,d", count)});
    }
    int[] widths = {12, 12, 7};
    for (String[] row : rows) {
      for (int c = 0; c < 3; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    int lineWidth = widths[0] + widths[1] + widths[2] + 6;
    StringBuilder sb = new StringBuilder();
    sb.append("Model: Sequential, input ")
        .append(BatchShapes.describe(model.inputShape()))
        .append('\n');
    sb.append(Strings.repeat("=", lineWidth)).append('\n');
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      sb.append(Strings.padEnd(row[0], widths[0] + 3, ' '))
          .append(Strings.padEnd(row[1], widths[1] + 3, ' '))
          .append(Strings.padStart(row[2], widths[2], ' ')).append('\n');
      if (r == 0) {
        sb.append(Strings.repeat("=", lineWidth)).append('\n');
      }
    }
    sb.append(Strings.repeat("=", lineWidth)).append('\n');
    sb.append(String.format(Locale.ROOT, "Total params: %,d%n", total));
    sb.append(String.format(Locale.ROOT, "Trainable params: %,d%n", total));
    return sb.toString();
  }
}
