package dev.loopwatch.research.forum;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A real git working repository in a test folder, and bundles of it. */
final class GitFixture {
  private final Path folder;

  GitFixture(Path folder) throws IOException, InterruptedException {
    this.folder = Files.createDirectories(folder);
    git("init", "-q", "-b", "main");
  }

  /** Commits {@code file} with {@code text} and returns the commit id. */
  String commit(String file, String text) throws IOException, InterruptedException {
    Files.writeString(folder.resolve(file), text, StandardCharsets.UTF_8);
    git("add", file);
    git("-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", file);
    return git("rev-parse", "HEAD").strip();
  }

  /** A bundle of HEAD. */
  Path bundle(Path file) throws IOException, InterruptedException {
    git("bundle", "create", "-q", file.toString(), "HEAD");
    return file;
  }

  String git(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git", "-C", folder.toString()));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("git " + String.join(" ", arguments) + ": " + output);
    }
    return output;
  }
}
