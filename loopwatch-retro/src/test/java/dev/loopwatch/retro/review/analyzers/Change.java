package dev.loopwatch.retro.review.analyzers;

import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.testing.TestRepo;
import dev.loopwatch.retro.review.ReviewWorkspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A two-commit change in a real repository, reconstructed as a review workspace. */
final class Change {
  private Change() {}

  /**
   * Commits {@code before} (path to content), then overwrites with {@code after} (an empty content
   * deletes the file) and opens the workspace for the change.
   */
  static ReviewWorkspace of(Path temp, Map<String, String> before, Map<String, String> after)
      throws Exception {
    TestRepo repo = TestRepo.init(temp.resolve("source"));
    repo.write("README.md", "demo\n");
    for (Map.Entry<String, String> file : before.entrySet()) {
      repo.write(file.getKey(), file.getValue());
    }
    String base = repo.commit("base");
    for (Map.Entry<String, String> file : after.entrySet()) {
      if (file.getValue().isEmpty()) {
        Files.delete(repo.root().resolve(file.getKey()));
      } else {
        repo.write(file.getKey(), file.getValue());
      }
    }
    String head = repo.commit("change");
    return ReviewWorkspace.create(Git.open(repo.root()), base, head, temp.resolve("work"));
  }
}
