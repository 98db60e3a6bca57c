package dev.lamina.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.training.EpochRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line prints numbers the same way whatever the default locale (here German). */
class DefaultLocaleTest {
  @TempDir Path tmp;
  private Locale saved;

  @BeforeEach
  void useGerman() {
    saved = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
  }

  @AfterEach
  void restore() {
    Locale.setDefault(saved);
  }

  @Test
  void anEpochLineUsesADecimalPoint() {
    EpochRecord record = new EpochRecord(0, 2.41064, 0.108, Double.NaN, Double.NaN, 1.5);

    assertEquals("Epoch 1: Loss = 2.4106, Accuracy = 10.80%", EpochLinesListener.line(record));
    assertTrue(record.toString().startsWith("epoch 1: loss 2.4106, accuracy 10.80%"),
        record.toString());
  }

  @Test
  void trainEvaluateAndPredictPrintPointsAndCommas() throws IOException {
    String data = TinyMnist.write(tmp.resolve("data"), 30, 10).toString();
    String model = tmp.resolve("model.lmf").toString();

    Run train = Run.of("train", "--data-dir", data, "--train-size", "30", "--test-size", "10",
        "--epochs", "1", "--batch-size", "10", "--save", model);
    Run evaluate = Run.of("evaluate", "--model-file", model, "--data-dir", data);
    Run predict = Run.of("predict", "--model-file", model, "--data-dir", data, "--index", "1");

    assertEquals(0, train.exitCode(), train.err());
    List<String> lines = train.out().lines().toList();
    assertTrue(lines.contains("Total params: 173,810"), train.out());
    assertTrue(lines.stream()
        .anyMatch(l -> l.matches("Epoch 1: Loss = \\d+\\.\\d{4}, Accuracy = \\d+\\.\\d{2}%")),
        train.out());
    assertTrue(lines.stream().anyMatch(l -> l.matches("Test Accuracy: \\d+\\.\\d{2}%")),
        train.out());
    assertEquals(0, evaluate.exitCode(), evaluate.err());
    assertTrue(evaluate.out().lines()
        .anyMatch(l -> l.matches("Test Accuracy: \\d+\\.\\d{2}% \\(10 images\\)")),
        evaluate.out());
    assertEquals(0, predict.exitCode(), predict.err());
    assertTrue(predict.out().lines().skip(1).limit(10)
        .allMatch(l -> l.matches("  \\d: \\d\\.\\d{4}")),
        predict.out());
  }
}
