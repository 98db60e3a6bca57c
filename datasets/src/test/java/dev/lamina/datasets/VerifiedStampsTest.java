package dev.lamina.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifiedStampsTest {
  private static final String SHA = "ab".repeat(32);
  private static final String OTHER_SHA = "cd".repeat(32);

  @TempDir Path folder;

  @Test
  void aRecordedFileIsVouchedForUntilItsSizeOrTimeChanges() throws IOException {
    Path file = Files.writeString(folder.resolve("data"), "12345");
    VerifiedStamps written = VerifiedStamps.in(folder);
    written.record(file, SHA, VerifiedStamps.identity(file));
    assertFalse(VerifiedStamps.in(folder).vouchFor(file, SHA), "not saved yet");
    written.save();

    VerifiedStamps read = VerifiedStamps.in(folder);
    assertTrue(read.vouchFor(file, SHA));
    assertFalse(read.vouchFor(file, OTHER_SHA), "another content is not vouched for");
    assertFalse(read.vouchFor(folder.resolve("absent"), SHA));

    FileTime time = Files.getLastModifiedTime(file);
    Files.writeString(file, "123456");
    Files.setLastModifiedTime(file, time);
    assertFalse(read.vouchFor(file, SHA), "size changed");
    Files.writeString(file, "54321");
    Files.setLastModifiedTime(file, FileTime.fromMillis(time.toMillis() + 1000));
    assertFalse(read.vouchFor(file, SHA), "time changed");
  }

  @Test
  void aFileReplacedByACopyWithTheSameSizeAndTimeIsNotVouchedFor() throws IOException {
    Path file = stamped("data", SHA);
    assumeTrue(VerifiedStamps.identity(file).orElseThrow().fileKey().length() > 1,
        "the file system has file keys");

    VerifiedStamps.Identity before = VerifiedStamps.identity(file).orElseThrow();
    Path copy = Files.copy(file, folder.resolve("copy"), StandardCopyOption.COPY_ATTRIBUTES);
    Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING);

    VerifiedStamps.Identity after = VerifiedStamps.identity(file).orElseThrow();
    assertEquals(List.of(before.size(), before.modifiedMillis()),
        List.of(after.size(), after.modifiedMillis()), "same size and time");
    assertFalse(VerifiedStamps.in(folder).vouchFor(file, SHA));
  }

  @Test
  void recordingKeepsTheOtherFilesStamps() throws IOException {
    Path a = stamped("a", SHA);
    Path b = stamped("b b", OTHER_SHA); // a second load adds its stamp to the first's

    VerifiedStamps read = VerifiedStamps.in(folder);
    assertTrue(read.vouchFor(a, SHA));
    assertTrue(read.vouchFor(b, OTHER_SHA), "a name with a space");
  }

  @Test
  void theStampOfADeletedFileIsDroppedAtTheNextSave() throws IOException {
    Path gone = stamped("gone", SHA);
    Files.delete(gone);
    stamped("kept", OTHER_SHA);

    assertEquals(List.of("kept"), Files.readAllLines(folder.resolve(VerifiedStamps.FILE_NAME))
        .stream().map(line -> line.substring(line.lastIndexOf(' ') + 1)).toList());
  }

  @Test
  void aStampNamingNoPossibleFileIsDroppedNotThrown() throws IOException {
    Files.writeString(folder.resolve(VerifiedStamps.FILE_NAME), SHA + " 5 5 - bad\u0000name\n");
    Path file = Files.writeString(folder.resolve("data"), "12345");
    VerifiedStamps stamps = VerifiedStamps.in(folder);
    stamps.record(file, SHA, VerifiedStamps.identity(file));

    stamps.save();

    assertEquals(List.of("data"), Files.readAllLines(folder.resolve(VerifiedStamps.FILE_NAME))
        .stream().map(line -> line.substring(line.lastIndexOf(' ') + 1)).toList());
  }

  @Test
  void aDamagedStampFileVouchesForNothingAndFailsNothing() throws IOException {
    Path file = Files.writeString(folder.resolve("data"), "12345");
    long size = Files.size(file);
    long time = Files.getLastModifiedTime(file).toMillis();
    Files.writeString(folder.resolve(VerifiedStamps.FILE_NAME), String.join("\n",
        "not a stamp",
        "XYZ " + size + " " + time + " - data",
        SHA + " many " + time + " - data",
        SHA + " " + size + " " + time + " data"));

    assertFalse(VerifiedStamps.in(folder).vouchFor(file, SHA));
  }

  @Test
  void aStampFileFarLargerThanStampsIsNotRead() throws IOException {
    Path file = stamped("data", SHA);
    Path stampFile = folder.resolve(VerifiedStamps.FILE_NAME);
    Files.write(stampFile, new byte[2 << 20], StandardOpenOption.APPEND);

    assertFalse(VerifiedStamps.in(folder).vouchFor(file, SHA));
  }

  @Test
  void aFolderThatCannotBeWrittenOnlyLosesTheStamps() throws IOException {
    Path file = Files.writeString(folder.resolve("data"), "12345");
    Files.createDirectory(folder.resolve(VerifiedStamps.FILE_NAME)); // a folder in its place
    VerifiedStamps stamps = VerifiedStamps.in(folder);
    stamps.record(file, SHA, VerifiedStamps.identity(file));
    stamps.save(); // logged, not thrown
    assertFalse(VerifiedStamps.in(folder).vouchFor(file, SHA));
  }

  /** A new file in the folder, stamped with {@code sha256} by a load of its own. */
  private Path stamped(String name, String sha256) throws IOException {
    Path file = Files.writeString(folder.resolve(name), name);
    VerifiedStamps stamps = VerifiedStamps.in(folder);
    stamps.record(file, sha256, VerifiedStamps.identity(file));
    stamps.save();
    return file;
  }
}
