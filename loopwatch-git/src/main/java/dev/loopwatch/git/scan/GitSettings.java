package dev.loopwatch.git.scan;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.config.Config;
import dev.loopwatch.core.config.ConfigSection;
import dev.loopwatch.git.identity.IdentityTable;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code [git]} table of loopwatch.toml (documented in docs/CONFIG.md): what {@code loopwatch
 * scan} and the Spark job both read, with the same keys, to mine a repository.
 *
 * @param branch the branch to follow, when configured
 * @param excludeGlobs extra paths to leave out
 * @param parallelism how many git processes blame may run at once, when configured
 */
public record GitSettings(
    Optional<String> branch, List<String> excludeGlobs, Optional<Integer> parallelism) {
  private static final Set<String> KEYS = Set.of("branch", "exclude", "parallelism");

  public GitSettings {
    requireNonNull(branch, "branch is null");
    excludeGlobs = List.copyOf(excludeGlobs);
    requireNonNull(parallelism, "parallelism is null");
  }

  /**
   * Reads {@code config}'s {@code [git]} table.
   *
   * @throws dev.loopwatch.core.error.LoopwatchException USER_INPUT naming the file and an unknown
   *     key or a value of the wrong type
   */
  public static GitSettings read(Config config) {
    ConfigSection git = config.section("git");
    git.requireKnownKeys(KEYS);
    return new GitSettings(
        git.string("branch"),
        git.strings("exclude"),
        git.number("parallelism").map(Double::intValue));
  }

  /** The built-in identity table with {@code config}'s {@code [identities]} additions. */
  public static IdentityTable identities(Config config) {
    return IdentityTable.builtIn().withConfig(config.section("identities"));
  }
}
