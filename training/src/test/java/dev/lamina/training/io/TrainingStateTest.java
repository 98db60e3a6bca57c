package dev.lamina.training.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingStateTest {
  @Test
  void gettersReturnWhatWasPut() {
    TrainingState state = TestModels.state();

    assertEquals(2L, state.getLong("epoch"));
    assertEquals(-42L, state.getLong("seed"));
    assertEquals(0.125, state.getDouble("lr"));
    assertEquals("Adam", state.getString("optimizer"));
    assertEquals(4, state.arrayLength("velocity/dense_1/kernel"));
    assertEquals(List.of("empty", "velocity/dense_1/kernel"), List.copyOf(state.arrayNames()));
    assertEquals(List.of("epoch", "seed"), List.copyOf(state.longNames()));
    assertTrue(state.hasDouble("lr"));
    assertFalse(state.hasLong("lr"));
  }

  @Test
  void arraysAreCopiedInAndOut() {
    float[] velocity = {1f, 2f};
    TrainingState state = TrainingState.builder().putArray("v", velocity).build();
    velocity[0] = 9f;
    state.getArray("v")[1] = 9f;

    assertArrayEquals(new float[] {1f, 2f}, state.getArray("v"));
  }

  @Test
  void copyArrayIntoFillsTheDestination() {
    TrainingState state = TrainingState.builder().putArray("v", new float[] {1f, 2f}).build();
    float[] destination = new float[2];

    state.copyArrayInto("v", destination);

    assertArrayEquals(new float[] {1f, 2f}, destination);
    assertThrows(IllegalArgumentException.class, () -> state.copyArrayInto("v", new float[3]));
  }

  @Test
  void aMissingNameIsReportedWithTheNamesThatExist() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TestModels.state().getLong("step"));

    assertEquals("training state has no long 'step' (it has [epoch, seed])", e.getMessage());
  }

  @Test
  void aNameSetTwiceOrEmptyIsRejected() {
    TrainingState.Builder builder = TrainingState.builder().putLong("epoch", 1);

    assertThrows(IllegalArgumentException.class, () -> builder.putLong("epoch", 2));
    assertThrows(IllegalArgumentException.class, () -> builder.putDouble("", 2));
  }

  @Test
  void equalityComparesArrayContents() {
    TrainingState a =
        TrainingState.builder().putArray("v", new float[] {1f}).putLong("e", 1).build();
    TrainingState b =
        TrainingState.builder().putLong("e", 1).putArray("v", new float[] {1f}).build();
    TrainingState c =
        TrainingState.builder().putArray("v", new float[] {2f}).putLong("e", 1).build();

    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, c);
  }
}
