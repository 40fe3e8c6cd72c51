package dev.loopwatch.git.exclusion;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real git repository in a test's temporary folder, driven by the real git binary with pinned
 * dates.
 */
final class TestRepo {
  private final Path root;
  private int commits;

  private TestRepo(Path root) {
    this.root = root;
  }

  /** Creates an empty repository (branch main) at {@code root}. */
  static TestRepo init(Path root) {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TestRepo repo = new TestRepo(root);
    repo.git("-c", "init.defaultBranch=main", "init", "-q", ".");
    return repo;
  }

  /** The work tree root. */
  Path root() {
    return root;
  }

  /** Writes {@code content} to {@code path}, creating folders. */
  TestRepo write(String path, String content) {
    Path file = root.resolve(path);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Stages everything and commits it; returns the new commit's full id. */
  String commit(String message) {
    commits++;
    git("add", "-A");
    git("commit", "-q", "--allow-empty", "-m", message);
    return git("rev-parse", "HEAD").strip();
  }

  /** Runs git in the work tree, failing the test on a non-zero exit; returns stdout. */
  String git(String... args) {
    return runGit(root, args);
  }

  /** Clones this repository as a bare repository into {@code target}. */
  Path bareClone(Path target) {
    runGit(root, "clone", "-q", "--bare", root.toString(), target.toString());
    return target;
  }

  private String runGit(Path directory, String... args) {
    requireNonNull(args, "args is null");
    List<String> command = new ArrayList<>();
    command.add("git");
    command.add("-c");
    command.add("user.name=Test User");
    command.add("-c");
    command.add("user.email=test@example.com");
    command.add("-c");
    command.add("commit.gpgSign=false");
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    String date = "2024-01-01T00:00:" + String.format("%02d", Math.min(commits, 59)) + "Z";
    builder
        .environment()
        .putAll(
            Map.of(
                "GIT_AUTHOR_DATE",
                date,
                "GIT_COMMITTER_DATE",
                date,
                "GIT_CONFIG_NOSYSTEM",
                "1",
                "LC_ALL",
                "C"));
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int code = process.waitFor();
      if (code != 0) {
        throw new IllegalStateException(
            "git " + String.join(" ", args) + " exited " + code + ": " + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
