package dev.lamina.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainBenchCommandTest {
  @TempDir
  Path tmp;

  @Test
  void printsEveryRepeatAndTheMediansAndWritesTheReport() throws Exception {
    String data = TinyMnist.write(tmp.resolve("data"), 60, 20).toString();
    Path report = tmp.resolve("bench.json");
    Run run = Run.of("bench", "train", "--model", "seed", "--data-dir", data, "--batch-size", "16",
        "--threads", "2", "--repeats", "2", "--report", report.toString());

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("seed repeat 1/2 (seed 42): training "), run.out());
    assertTrue(run.out().contains("seed repeat 2/2 (seed 43): training "), run.out());
    assertTrue(run.out().contains("(median of 2)"), run.out());
    JsonNode json = JsonFiles.mapper().readTree(report.toFile());
    assertEquals("seed", json.get("model").asText());
    assertEquals(60, json.get("trainSize").asInt());
    assertEquals(20, json.get("testSize").asInt());
    assertEquals(2, json.get("repeats").size());
    assertEquals(43, json.get("repeats").get(1).get("seed").asLong());
    assertTrue(json.get("medianInferenceImagesPerSecond").asDouble() > 0);
  }

  @Test
  void rejectsAnUnknownModelAndNonPositiveCounts() {
    assertEquals(2, Run.of("bench", "train", "--model", "vgg").exitCode());
    assertEquals(2, Run.of("bench", "train", "--repeats", "0").exitCode());
    assertEquals(2, Run.of("bench", "train", "--batch-size", "-1").exitCode());
  }
}
