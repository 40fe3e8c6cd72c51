package dev.loopwatch.git.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real git repository in a temporary folder, driven by the git binary with a fixed identity and
 * clock.
 */
public final class TestRepo {
  private final Path root;
  private int tick;

  private TestRepo(Path root) {
    this.root = root;
  }

  /** Initialises an empty repository on branch main in {@code root}. */
  public static TestRepo init(Path root) throws IOException, InterruptedException {
    Files.createDirectories(root);
    TestRepo repo = new TestRepo(root);
    repo.git("-c", "init.defaultBranch=main", "init", "-q");
    repo.git("config", "user.name", "Test User");
    repo.git("config", "user.email", "test@example.com");
    repo.git("config", "commit.gpgsign", "false");
    return repo;
  }

  public Path root() {
    return root;
  }

  /** Writes {@code content} to {@code path}, creating folders. */
  public void write(String path, String content) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  /** Appends {@code content} to {@code path}, creating it if needed. */
  public void append(String path, String content) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    String old = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    Files.writeString(file, old + content, StandardCharsets.UTF_8);
  }

  /** Stages everything and commits; returns the new commit id. */
  public String commit(String message) throws IOException, InterruptedException {
    git("add", "-A");
    git("commit", "-q", "-m", message);
    return git("rev-parse", "HEAD").strip();
  }

  /** Commits with no changes; returns the new commit id. */
  public String emptyCommit(String message) throws IOException, InterruptedException {
    git("commit", "-q", "--allow-empty", "-m", message);
    return git("rev-parse", "HEAD").strip();
  }

  /** Runs git and returns stdout; fails on a non-zero exit. */
  public String git(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
    tick++;
    String date =
        "2026-01-0"
            + (1 + Math.min(tick / 50, 8))
            + "T10:"
            + String.format("%02d", tick % 50)
            + ":00Z";
    builder
        .environment()
        .putAll(Map.of("GIT_AUTHOR_DATE", date, "GIT_COMMITTER_DATE", date, "LC_ALL", "C"));
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = process.waitFor();
    if (code != 0) {
      throw new IllegalStateException(
          "git " + String.join(" ", args) + " failed (" + code + "): " + out);
    }
    return out;
  }
}
