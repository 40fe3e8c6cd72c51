package dev.loopwatch.git.blame;

import dev.loopwatch.git.repo.Git;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A real git repository in a test folder, committed to with fixed identities and dates. */
final class TestRepo {
  private static final Instant START = Instant.parse("2024-03-01T10:00:00Z");

  private final Path root;
  private int commits;

  private TestRepo(Path root) {
    this.root = root;
  }

  /** Creates an empty repository with branch {@code main} in {@code root}. */
  static TestRepo init(Path root) {
    TestRepo repo = new TestRepo(root);
    repo.git("-c", "init.defaultBranch=main", "init", "-q", ".");
    repo.git("config", "user.name", "Test Person");
    repo.git("config", "user.email", "test@example.com");
    repo.git("config", "commit.gpgsign", "false");
    return repo;
  }

  /** The work tree. */
  Path root() {
    return root;
  }

  /** The repository under test's view of it. */
  Git open() {
    return Git.open(root);
  }

  /** Writes {@code content} to {@code path}, creating folders. */
  TestRepo write(String path, String content) {
    return writeBytes(path, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code lines}, each ended by a newline. */
  TestRepo writeLines(String path, List<String> lines) {
    StringBuilder text = new StringBuilder();
    lines.forEach(line -> text.append(line).append('\n'));
    return write(path, text.toString());
  }

  /** Writes raw bytes to {@code path}. */
  TestRepo writeBytes(String path, byte[] content) {
    try {
      Path file = root.resolve(path);
      Files.createDirectories(file.getParent());
      Files.write(file, content);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stages everything and commits it, returning the new commit's full id. */
  String commit(String message) {
    git("add", "-A");
    Instant when = START.plusSeconds(60L * commits++);
    run(
        List.of("commit", "-q", "--allow-empty", "-m", message),
        Map.of("GIT_AUTHOR_DATE", when.toString(), "GIT_COMMITTER_DATE", when.toString()));
    return git("rev-parse", "HEAD").strip();
  }

  /** Runs git in the work tree and returns its stdout; fails the test on a non-zero exit. */
  String git(String... args) {
    return run(List.of(args), Map.of());
  }

  private String run(List<String> args, Map<String, String> environment) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
    builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
    builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    builder.environment().put("LC_ALL", "C");
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true);
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int code = process.waitFor();
      if (code != 0) {
        throw new IllegalStateException(
            "git " + String.join(" ", args) + " exited " + code + ": " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
