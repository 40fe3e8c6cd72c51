package dev.loopwatch.git.exclusion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GlobTest {
  /** The string-comparison shortcuts must agree with the regular expression on every path. */
  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14, 15})
  void matches_shortcutAndRegex_agreeOnRandomPaths(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> globs = new ArrayList<>();
    for (ExclusionReason reason :
        List.of(ExclusionReason.LOCK_FILE, ExclusionReason.VENDORED, ExclusionReason.GENERATED)) {
      globs.addAll(PathRules.builtInGlobs(reason));
    }
    globs.addAll(List.of("a", "a/", "*.x", "*.x/", "*a", "min", "*.", "ü/", "*😀"));
    int matched = 0;
    for (int i = 0; i < 3_000; i++) {
      String path = PathRulesTest.randomPath(random);
      for (String glob : globs) {
        boolean fast = Glob.parse(glob).matches(path);
        boolean regex = Glob.parseAsRegex(glob).matches(path);
        assertThat(fast).as("seed %d glob '%s' path '%s'", seed, glob, path).isEqualTo(regex);
        matched += fast ? 1 : 0;
      }
    }
    assertThat(matched).as("seed %d: the generator must hit some globs", seed).isGreaterThan(100);
  }
}
