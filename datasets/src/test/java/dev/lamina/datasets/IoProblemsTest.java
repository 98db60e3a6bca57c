package dev.lamina.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;

class IoProblemsTest {
  @Test
  void saysInWordsWhatAnIoExceptionMeansWithoutItsClassName() {
    assertEquals("the data ends early", IoProblems.describe(new EOFException()));
    assertEquals("permission denied", IoProblems.describe(new AccessDeniedException("/f")));
    assertEquals("no such file", IoProblems.describe(new NoSuchFileException("/f")));
    assertEquals("the folder of f does not exist",
        IoProblems.describe(new NoSuchFileException("/d", null, "the folder of f does not exist")));
    assertEquals("Is a directory",
        IoProblems.describe(new FileSystemException("/f", null, "Is a directory")));
    assertEquals("a file, not a folder",
        IoProblems.describe(new java.nio.file.NotDirectoryException("/f/g")));
    assertEquals("cannot be accessed", IoProblems.describe(new FileSystemException("/f")));
    assertEquals("invalid block type", IoProblems.describe(new ZipException("invalid block type")));
    assertEquals("read error", IoProblems.describe(new IOException()));
    assertEquals("read error", IoProblems.describe(new IOException(" ")));
  }
}
