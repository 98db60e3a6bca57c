package dev.lamina.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.lamina.tensor.Shape;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatasetAndBatchesTest {
  /** n samples of shape [2]; sample i holds (i, -i) and label i % 3. */
  private static Dataset dataset(int n) {
    float[] data = new float[2 * n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      data[2 * i] = i;
      data[2 * i + 1] = -i;
      labels[i] = i % 3;
    }
    return new ArrayDataset(Tensor.wrap(Shape.of(n, 2), data, 0), labels, 3);
  }

  /** The sample ids in a batch, read from the features. */
  private static int[] ids(Batch b) {
    int[] ids = new int[b.size()];
    for (int i = 0; i < b.size(); i++) {
      ids[i] = (int) b.features().get(i, 0);
      assertEquals(-ids[i], b.features().get(i, 1));
      assertEquals(ids[i] % 3, b.labels()[i], "label travels with its sample");
    }
    return ids;
  }

  private static List<Integer> epochIds(Batches batches, int epoch) {
    List<Integer> all = new ArrayList<>();
    for (Batch b : batches.epoch(epoch)) {
      Arrays.stream(ids(b)).forEach(all::add);
    }
    return all;
  }

  @ParameterizedTest
  @CsvSource({"10, 3, false, 4", "10, 3, true, 3", "10, 5, true, 2", "10, 10, false, 1",
      "10, 64, false, 1", "1, 1, false, 1", "10, 64, true, 0", "10, 2147483647, false, 1"})
  void countsAndSizes(int n, int batchSize, boolean dropLast, int count) {
    Batches batches = dataset(n).batches(batchSize).dropLast(dropLast);
    assertEquals(count, batches.count());
    int seen = 0;
    for (Batch b : batches.epoch(0)) {
      seen++;
      assertEquals(dropLast ? batchSize : b.size(), b.size());
    }
    assertEquals(count, seen);
    assertEquals(batchSize, batches.batchSize(), "the size asked for");
  }

  @Test
  void inOrderBatchesAreViewsOfTheDataset() {
    Dataset d = dataset(10);
    for (Batch b : d.batches(4).epoch(0)) {
      assertSame(d.features().data(), b.features().data(), "no copy");
    }
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), epochIds(d.batches(4), 0));
  }

  @Test
  void shuffledBatchesCopyOnlyTheBatch() {
    Dataset d = dataset(100);
    for (Batch b : d.batches(8).shuffle(1).epoch(0)) {
      assertEquals(b.size() * 2, b.features().data().length);
    }
  }

  @Test
  void shuffleIsAPermutationThatDependsOnSeedAndEpoch() {
    Dataset d = dataset(50);
    List<Integer> e0 = epochIds(d.batches(7).shuffle(42), 0);
    List<Integer> sorted = new ArrayList<>(e0);
    sorted.sort(null);
    assertEquals(epochIds(d.batches(7), 0), sorted, "every sample exactly once");
    assertEquals(e0, epochIds(d.batches(7).shuffle(42), 0), "same seed and epoch, same order");
    assertEquals(e0, epochIds(d.batches(5).shuffle(42), 0), "order does not depend on batch size");
    assertFalse(e0.equals(epochIds(d.batches(7).shuffle(42), 1)), "reshuffled each epoch");
    assertFalse(e0.equals(epochIds(d.batches(7).shuffle(43), 0)), "depends on the seed");
  }

  @Test
  void fullBatchHoldsEverySampleWithoutCopy() {
    Dataset d = dataset(10).subset(2, 9);
    Batch all = d.fullBatch();
    assertArrayEquals(new int[] {2, 3, 4, 5, 6, 7, 8}, ids(all));
    assertSame(d.features().data(), all.features().data());
    assertEquals(1, Batches.full(d).count());
    assertArrayEquals(ids(all), ids(Batches.full(d).epoch(0).iterator().next()));
  }

  @Test
  void splitWithoutSeedSharesData() {
    Dataset d = dataset(10);
    DatasetSplit parts = d.split(0.8);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, ids(parts.first().fullBatch()));
    assertArrayEquals(new int[] {8, 9}, ids(parts.second().fullBatch()));
    assertSame(d.features().data(), parts.second().features().data());
  }

  @Test
  void seededSplitIsADeterministicPartition() {
    Dataset d = dataset(20);
    DatasetSplit a = d.split(0.75, 7);
    assertEquals(15, a.first().size());
    assertEquals(5, a.second().size());
    List<Integer> all = new ArrayList<>();
    Arrays.stream(ids(a.first().fullBatch())).forEach(all::add);
    Arrays.stream(ids(a.second().fullBatch())).forEach(all::add);
    List<Integer> sorted = new ArrayList<>(all);
    sorted.sort(null);
    assertEquals(epochIds(d.batches(20), 0), sorted);
    assertFalse(all.equals(epochIds(d.batches(20), 0)), "shuffled");
    assertArrayEquals(ids(a.second().fullBatch()), ids(d.split(0.75, 7).second().fullBatch()));
    assertNotSame(d.features().data(), a.first().features().data());
  }

  @Test
  void splitRejectsEmptyParts() {
    assertThrows(IllegalArgumentException.class, () -> dataset(10).split(0.01));
    assertThrows(IllegalArgumentException.class, () -> dataset(10).split(1.0));
    assertThrows(IllegalArgumentException.class, () -> dataset(10).split(0.0, 1));
  }

  @Test
  void selectGathersInOrderWithRepeats() {
    assertArrayEquals(new int[] {4, 1, 4}, ids(dataset(5).select(new int[] {4, 1, 4}).fullBatch()));
    assertThrows(IllegalArgumentException.class, () -> dataset(5).select(new int[] {5}));
  }

  /** These once failed as "subset [0, 0) is not a non-empty range", naming no argument given. */
  @Test
  void firstRejectsANonPositiveCountNamingIt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> dataset(10).first(0));
    assertEquals("first: the number of samples must be positive, got 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> dataset(10).first(-1));
  }

  /** Rank-1 features once failed as "features [3] and 3 labels disagree on the number ...". */
  @Test
  void constructorNamesWhatIsWrong() {
    IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
        () -> new ArrayDataset(Tensor.zeros(3), new int[3], 2));
    assertEquals("features must be [N, ...sampleShape] with at least one dimension per sample,"
        + " got [3]", rank.getMessage());
    IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
        () -> new ArrayDataset(Tensor.zeros(3, 2), new int[2], 2));
    assertEquals("features [3, 2] and 2 labels disagree on the number of samples",
        count.getMessage());
  }

  /** A dataset of no samples (only a custom one can be) once divided by zero in count(). */
  @Test
  void batchesOfAnEmptyDatasetAreRejected() {
    Dataset empty = mock(Dataset.class);
    when(empty.size()).thenReturn(0);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Batches(empty, 3));
    assertEquals("batches: the dataset has no samples", e.getMessage());
  }

  @Test
  void firstAndOneHot() {
    Dataset d = dataset(600);
    assertEquals(500, d.first(500).size());
    assertEquals(600, d.first(1000).size());
    Tensor oneHot = d.first(4).oneHotLabels();
    assertEquals(Shape.of(4, 3), oneHot.shape());
    assertEquals(1f, oneHot.get(3, 0));
    assertEquals(0f, oneHot.get(3, 1));
  }
}
