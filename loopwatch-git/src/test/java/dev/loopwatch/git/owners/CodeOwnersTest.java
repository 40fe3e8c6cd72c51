package dev.loopwatch.git.owners;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.repo.ScanWarning;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeOwnersTest {
  private static final String FILE =
      """
      # Default owners
      *                 @org/everyone
      *.js              @org/web @alice
      /docs/            @org/docs
      apps/             @org/apps
      apps/legacy/      # no owner: unowned
      My\\ Folder/       @bob
      [Section name]
      src/**.ts         @org/broken
      /build/logs/      @org/ops  # trailing comment
      """;

  @Test
  void ownerOf_lastMatchingRuleWins() {
    List<ScanWarning> warnings = new ArrayList<>();
    CodeOwners owners = CodeOwners.parse(".github/CODEOWNERS", FILE, warnings);
    assertThat(owners.ownerOf("README.md")).contains("@org/everyone");
    assertThat(owners.ownerOf("web/app.js")).contains("@org/web");
    assertThat(owners.ownerOf("docs/guide.md")).contains("@org/docs");
    assertThat(owners.ownerOf("src/docs/guide.md")).contains("@org/everyone");
    assertThat(owners.ownerOf("apps/x/main.go")).contains("@org/apps");
    assertThat(owners.ownerOf("apps/legacy/old.go")).isEqualTo(Optional.empty());
    assertThat(owners.ownerOf("My Folder/notes.txt")).contains("@bob");
    assertThat(owners.ownerOf("build/logs/today.log")).contains("@org/ops");
  }

  @Test
  void parse_invalidPattern_skippedWithLineNumber() {
    List<ScanWarning> warnings = new ArrayList<>();
    CodeOwners owners = CodeOwners.parse("CODEOWNERS", FILE, warnings);
    assertThat(owners.rules()).hasSize(7);
    assertThat(warnings).hasSize(1);
    assertThat(warnings.getFirst().kind()).isEqualTo("bad-codeowners-line");
    assertThat(warnings.getFirst().subject()).isEqualTo("CODEOWNERS:9");
  }

  @Test
  void read_prefersGithubFolderAndReadsAtRevision(@TempDir Path temp) throws Exception {
    run(temp, "git", "-c", "init.defaultBranch=main", "init", "-q");
    Files.createDirectories(temp.resolve(".github"));
    Files.writeString(temp.resolve(".github/CODEOWNERS"), "* @github-folder\n");
    Files.writeString(temp.resolve("CODEOWNERS"), "* @root-file\n");
    run(temp, "git", "add", "-A");
    run(temp, "git", "-c", "user.name=A", "-c", "user.email=a@x", "commit", "-qm", "owners");
    Files.writeString(temp.resolve(".github/CODEOWNERS"), "* @uncommitted\n");
    CodeOwners.Loaded loaded = CodeOwners.read(Git.open(temp), "HEAD");
    assertThat(loaded.owners()).isPresent();
    assertThat(loaded.owners().get().file()).isEqualTo(".github/CODEOWNERS");
    assertThat(loaded.owners().get().ownerOf("x/y.c")).contains("@github-folder");
  }

  @Test
  void read_noFile_isEmpty(@TempDir Path temp) throws Exception {
    run(temp, "git", "-c", "init.defaultBranch=main", "init", "-q");
    Files.writeString(temp.resolve("a.txt"), "a\n");
    run(temp, "git", "add", "-A");
    run(temp, "git", "-c", "user.name=A", "-c", "user.email=a@x", "commit", "-qm", "a");
    assertThat(CodeOwners.read(Git.open(temp), "HEAD").owners()).isEmpty();
  }

  private static void run(Path dir, String... command) throws Exception {
    assertThat(new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start().waitFor())
        .isZero();
  }
}
