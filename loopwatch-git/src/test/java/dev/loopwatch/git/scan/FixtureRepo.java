package dev.loopwatch.git.scan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A real git repository in a temporary folder where each commit names its author and date. */
final class FixtureRepo {
  private final Path root;
  private String name = "Alice";
  private String email = "alice@example.com";
  private String date = "2024-01-01T12:00:00Z";

  private FixtureRepo(Path root) {
    this.root = root;
  }

  static FixtureRepo init(Path root) {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    FixtureRepo repo = new FixtureRepo(root);
    repo.git("-c", "init.defaultBranch=main", "init", "-q");
    repo.git("config", "commit.gpgsign", "false");
    return repo;
  }

  Path root() {
    return root;
  }

  /** Sets the author and committer of the next commits. */
  FixtureRepo as(String name, String email) {
    this.name = name;
    this.email = email;
    return this;
  }

  /** Sets the date (ISO instant) of the next commits. */
  FixtureRepo at(String date) {
    this.date = date;
    return this;
  }

  /** Writes a file of {@code lines} numbered lines tagged with {@code tag}. */
  FixtureRepo lines(String path, int lines, String tag) {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= lines; i++) {
      text.append(tag).append(' ').append(i).append('\n');
    }
    return write(path, text.toString());
  }

  FixtureRepo write(String path, String content) {
    try {
      Path file = root.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  FixtureRepo writeBytes(String path, byte[] content) {
    try {
      Path file = root.resolve(path);
      Files.createDirectories(file.getParent());
      Files.write(file, content);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stages everything and commits with {@code message}; returns the commit id. */
  String commit(String message) {
    git("add", "-A");
    git("commit", "-q", "--allow-empty", "-m", message);
    return head();
  }

  String head() {
    return git("rev-parse", "HEAD").strip();
  }

  String git(String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
    Map<String, String> env = new HashMap<>();
    env.put("GIT_AUTHOR_NAME", name);
    env.put("GIT_AUTHOR_EMAIL", email);
    env.put("GIT_COMMITTER_NAME", name);
    env.put("GIT_COMMITTER_EMAIL", email);
    env.put("GIT_AUTHOR_DATE", date);
    env.put("GIT_COMMITTER_DATE", date);
    env.put("LC_ALL", "C");
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int code = process.waitFor();
      if (code != 0) {
        throw new IllegalStateException(
            "git " + String.join(" ", args) + " failed (" + code + "): " + out);
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
