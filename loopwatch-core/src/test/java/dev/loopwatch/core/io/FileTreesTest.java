package dev.loopwatch.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileTrees} on real folders. */
class FileTreesTest {
  @TempDir Path temp;

  @Test
  void deleteQuietly_nestedFolder_goneWithEverythingInIt() throws Exception {
    Path root = temp.resolve("scratch");
    Files.createDirectories(root.resolve("a/b/c"));
    Files.writeString(root.resolve("a/b/c/file.txt"), "x");
    Files.writeString(root.resolve("top.txt"), "y");

    FileTrees.deleteQuietly(root);

    assertThat(root).doesNotExist();
    assertThat(temp).exists();
  }

  @Test
  void deleteQuietly_missingFolder_nothingHappens() {
    FileTrees.deleteQuietly(temp.resolve("never-made"));

    assertThat(temp).isEmptyDirectory();
  }
}
