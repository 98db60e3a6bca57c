package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConcurrentInferenceTest {
  @Test
  void threadsPredictingOnOneModelGetExactlyTheSequentialResults() throws Exception {
    Sequential model = Sequential.of(Shape.of(2, 12, 10),
        Conv2D.builder(4).kernel(3).padding(1).build(), new ReLU(), new MaxPool2D(2),
        new Dropout(0.3), Conv2D.builder(3).kernel(3).stride(2).build(), new Tanh(),
        new AvgPool2D(2, 1, 0), new Flatten(), new Dense(8), new Sigmoid(), new Dense(5),
        new Softmax());
    int batches = 24;
    List<Tensor> inputs = new ArrayList<>();
    List<Tensor> expected = new ArrayList<>();
    for (int i = 0; i < batches; i++) {
      inputs.add(SequentialTest.randomBatch(model.inputShape(), 1 + i % 5, i));
      expected.add(model.predict(inputs.get(i)));
    }

    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Tensor>> results = new ArrayList<>();
      for (int round = 0; round < 4; round++) {
        for (int i = 0; i < batches; i++) {
          Tensor x = inputs.get(i);
          results.add(pool.submit(() -> model.predict(x)));
        }
      }
      for (int k = 0; k < results.size(); k++) {
        assertEquals(expected.get(k % batches), results.get(k).get(), "batch " + k % batches);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
