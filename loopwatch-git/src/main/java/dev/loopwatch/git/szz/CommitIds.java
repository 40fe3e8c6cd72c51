package dev.loopwatch.git.szz;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.process.ChildProcess;
import dev.loopwatch.git.repo.Git;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Resolves many full or abbreviated commit ids with one {@code git cat-file --batch-check} process
 * fed {@code <id>^{commit}} per line; abbreviations are prefix-matched by git itself.
 */
final class CommitIds {
  private CommitIds() {}

  /**
   * The full commit id each of {@code ids} names, in input order; empty for ids that name no commit
   * or more than one object.
   */
  static Map<String, Optional<String>> resolve(Git git, List<String> ids) {
    requireNonNull(git, "git is null");
    requireNonNull(ids, "ids is null");
    Map<String, Optional<String>> resolved = new LinkedHashMap<>();
    List<String> distinct = ids.stream().distinct().toList();
    if (distinct.isEmpty()) {
      return resolved;
    }
    StringBuilder input = new StringBuilder();
    for (String id : distinct) {
      if (id.indexOf('\n') >= 0 || id.isBlank()) {
        throw new IllegalArgumentException("commit id '" + id.strip() + "' is blank or multi-line");
      }
      input.append(id).append("^{commit}\n");
    }
    List<String> answers =
        new String(
                batch(git, List.of("cat-file", "--batch-check"), input.toString()),
                StandardCharsets.UTF_8)
            .lines()
            .toList();
    if (answers.size() != distinct.size()) {
      throw LoopwatchException.external(
          "git cat-file --batch-check answered "
              + answers.size()
              + " lines for "
              + distinct.size()
              + " ids",
          null);
    }
    for (int i = 0; i < distinct.size(); i++) {
      String[] fields = answers.get(i).split(" ");
      resolved.put(
          distinct.get(i),
          fields.length == 3 && fields[1].equals("commit")
              ? Optional.of(fields[0])
              : Optional.empty());
    }
    return resolved;
  }

  /** Runs a git batch command with {@code input} on stdin, writing from a virtual thread. */
  static byte[] batch(Git git, List<String> args, String input) {
    byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
    try (ChildProcess child = git.startInteractive(args)) {
      AtomicReference<IOException> writeFailure = new AtomicReference<>();
      Thread writer =
          Thread.ofVirtual()
              .name("lw-git-stdin")
              .start(() -> {
                try (OutputStream stdin = child.stdin()) {
                  stdin.write(bytes);
                } catch (IOException e) {
                  writeFailure.set(e);
                }
              });
      byte[] output;
      try (InputStream stdout = child.stdout()) {
        output = stdout.readAllBytes();
      } catch (IOException e) {
        throw LoopwatchException.external(
            "reading output of git " + String.join(" ", args) + ": " + e.getMessage(), e);
      }
      int code = child.waitFor();
      try {
        writer.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LoopwatchException(
            LoopwatchException.Kind.INTERNAL, "interrupted writing to git", e);
      }
      if (code != 0) {
        throw git.failure(args, code, child.stderrText());
      }
      if (writeFailure.get() != null) {
        throw LoopwatchException.external(
            "writing input of git " + String.join(" ", args) + ": " + writeFailure.get(),
            writeFailure.get());
      }
      return output;
    }
  }

  /** The first 12 characters of {@code id}, for messages. */
  static String abbreviate(String id) {
    return id.substring(0, Math.min(12, id.length()));
  }
}
