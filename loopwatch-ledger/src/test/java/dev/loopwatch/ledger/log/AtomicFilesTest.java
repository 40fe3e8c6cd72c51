package dev.loopwatch.ledger.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @Test
  void writeAll_newNestedFolders_createsThemAndWritesEveryFile(@TempDir Path dir)
      throws IOException {
    AtomicFiles.writeAll(
        Map.of(
            dir.resolve("a/b/one"), "1".getBytes(StandardCharsets.UTF_8),
            dir.resolve("a/two"), "2".getBytes(StandardCharsets.UTF_8)));

    assertThat(Files.readString(dir.resolve("a/b/one"))).isEqualTo("1");
    assertThat(Files.readString(dir.resolve("a/two"))).isEqualTo("2");
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.filter(p -> p.toString().endsWith(".tmp")).toList()).isEmpty();
    }
  }

  @Test
  void writeAll_relativeTargetInNewTopLevelFolder_writesIt() throws IOException {
    // A relative one-segment folder has no parent path: the case `ledger audit --proofs proofs`
    // once crashed on. It is created in the working directory and removed afterwards.
    Path folder = Path.of("atomic-files-test-" + ProcessHandle.current().pid());
    try {
      AtomicFiles.writeAll(Map.of(folder.resolve("3.tlog-proof"), new byte[] {1, 2}));

      assertThat(Files.readAllBytes(folder.resolve("3.tlog-proof"))).containsExactly(1, 2);
    } finally {
      try (Stream<Path> files = Files.walk(folder)) {
        for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }
}
