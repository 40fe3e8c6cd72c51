package dev.loopwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A real git repository for command tests: one author, one commit a minute from a fixed date. */
public final class GitFixture {
  private final Path root;
  private int tick;

  private GitFixture(Path root) {
    this.root = root;
  }

  /** Creates {@code root} (if missing) and initialises a repository on branch main there. */
  public static GitFixture init(Path root) throws Exception {
    Files.createDirectories(root);
    GitFixture fixture = new GitFixture(root);
    fixture.git("-c", "init.defaultBranch=main", "init", "-q");
    return fixture;
  }

  /** Writes {@code content} to {@code path}, commits everything and returns the commit id. */
  public String commit(String path, String content, String message) throws Exception {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
    git("add", "-A");
    git("commit", "-q", "-m", message);
    return git("rev-parse", "HEAD").strip();
  }

  /** Runs {@code git args...} in the repository, asserts it succeeded and returns its output. */
  public String git(String... args) throws Exception {
    return gitAt("2025-03-01T10:" + String.format("%02d", tick++) + ":00Z", args);
  }

  /**
   * Runs {@code git args...} with author and committer date {@code date} (ISO-8601), asserts it
   * succeeded and returns its output.
   */
  public String gitAt(String date, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
    builder
        .environment()
        .putAll(
            Map.of(
                "GIT_AUTHOR_NAME", "Alice",
                "GIT_AUTHOR_EMAIL", "alice@example.com",
                "GIT_COMMITTER_NAME", "Alice",
                "GIT_COMMITTER_EMAIL", "alice@example.com",
                "GIT_AUTHOR_DATE", date,
                "GIT_COMMITTER_DATE", date));
    Process process = builder.redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
    return out;
  }
}
