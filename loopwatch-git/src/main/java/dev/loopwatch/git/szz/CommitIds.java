package dev.loopwatch.git.szz;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.git.repo.Git;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

  /** Runs a git batch command with {@code input} on stdin. */
  static byte[] batch(Git git, List<String> args, String input) {
    return git.runWithInput(args, Map.of(), input.getBytes(StandardCharsets.UTF_8));
  }

  /** The first 12 characters of {@code id}, for messages. */
  static String abbreviate(String id) {
    return id.substring(0, Math.min(12, id.length()));
  }
}
