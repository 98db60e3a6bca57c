package dev.lamina.tensor.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ComputeBackendsTest {
  private final ComputeBackend fast = mock(ComputeBackend.class);
  @SuppressWarnings("unchecked")
  private final Consumer<String> warn = mock(Consumer.class);

  @Test
  void takesTheVectorBackendWhenItLoaded() {
    assertSame(fast, ComputeBackends.choose(null, Optional.of(fast), warn));
    assertSame(fast, ComputeBackends.choose("vector", Optional.of(fast), warn));
    verifyNoInteractions(warn);
  }

  @Test
  void scalarSettingForcesTheScalarBackend() {
    assertSame(ComputeBackends.scalar(), ComputeBackends.choose("scalar", Optional.of(fast), warn));
    assertSame(ComputeBackends.scalar(),
        ComputeBackends.choose(" Scalar ", Optional.of(fast), warn));
    verifyNoInteractions(warn);
  }

  @Test
  void fallsBackToScalarWithOneWarningThatSaysHowToEnableTheVectorApi() {
    assertSame(ComputeBackends.scalar(), ComputeBackends.choose(null, Optional.empty(), warn));
    verify(warn).accept(contains("--add-modules jdk.incubator.vector"));
  }

  @Test
  void warnsAboutAnUnknownSetting() {
    assertSame(fast, ComputeBackends.choose("gpu", Optional.of(fast), warn));
    verify(warn).accept(contains("'gpu'"));
  }

  @Test
  void loadsNothingWithoutTheModule() {
    assertTrue(ComputeBackends.load(false, ComputeBackends.VECTOR_BACKEND, warn).isEmpty());
    verifyNoInteractions(warn);
  }

  @Test
  void warnsWhenTheBackendClassCannotBeLoaded() {
    assertTrue(ComputeBackends.load(true, "dev.lamina.NoSuchBackend", warn).isEmpty());
    assertTrue(ComputeBackends.load(true, "java.lang.Object", warn).isEmpty());
    verify(warn).accept(contains("NoSuchBackend"));
    verify(warn).accept(contains("ClassCastException"));
  }

  @Test
  void loadsTheVectorBackendWhenTheModuleIsPresent() {
    Optional<ComputeBackend> loaded =
        ComputeBackends.load(true, ComputeBackends.VECTOR_BACKEND, warn);
    assertTrue(loaded.isPresent());
    assertTrue(loaded.get().name().startsWith("vector-"), loaded.get().name());
  }

  @Test
  void currentBackendIsTheVectorOneUnderTheTestSetup() {
    assertEquals(ComputeBackends.vector().map(ComputeBackend::name),
        Optional.of(ComputeBackends.current().name()));
  }
}
