package dev.loopwatch.git.exclusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.repo.ScanWarning;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExclusionsTest {
  @TempDir Path temp;

  @Test
  void classify_realRepository_combinesUserGlobsAttributesAndBuiltIns() {
    TestRepo repo = TestRepo.init(temp.resolve("work"));
    String format = repo.write("src/App.java", "class App {}\n").commit("format sweep");
    repo.write(
            ".gitattributes",
            "package-lock.json linguist-generated\n*.min.js linguist-generated=false\n"
                + "vendor/own/** -linguist-vendored\ndocs/*.pdf binary\nschema/*.sql linguist-generated\n")
        .write(".git-blame-ignore-revs", format + "\n0000000000000000000000000000000000000000\n");
    repo.commit("attributes");
    Exclusions exclusions = Exclusions.load(Git.open(repo.root()), "HEAD", List.of("/fixtures/"));

    Map<String, ExclusionReason> result =
        exclusions.classify(
            List.of(
                "fixtures/big.json",
                "package-lock.json",
                "yarn.lock",
                "static/app.min.js",
                "static/app.min.css",
                "vendor/own/x.go",
                "vendor/lib/y.go",
                "docs/manual.pdf",
                "schema/001.sql",
                "src/App.java",
                ""));

    assertThat(result)
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "fixtures/big.json", ExclusionReason.USER_GLOB,
                    "package-lock.json", ExclusionReason.GENERATED,
                    "yarn.lock", ExclusionReason.LOCK_FILE,
                    "static/app.min.css", ExclusionReason.GENERATED,
                    "vendor/lib/y.go", ExclusionReason.VENDORED,
                    "docs/manual.pdf", ExclusionReason.BINARY,
                    "schema/001.sql", ExclusionReason.GENERATED)));
    assertThat(exclusions.classify(List.of("static/app.min.js", "schema/001.sql", "new/x.min.js")))
        .as("cached and fresh paths together")
        .containsExactlyEntriesOf(
            new TreeMap<>(Map.of("schema/001.sql", ExclusionReason.GENERATED)));
    assertThat(exclusions.ignoredRevisions()).containsExactly(format);
    assertThat(exclusions.warnings())
        .containsExactly(
            new ScanWarning(
                "bad-ignore-rev",
                ".git-blame-ignore-revs:2",
                "'0000000000000000000000000000000000000000' names no commit in this repository; the line is ignored"));
  }

  @Test
  void classify_noAttributesFile_usesPathRulesOnly() {
    TestRepo repo = TestRepo.init(temp.resolve("work"));
    repo.write("src/a.go", "package a\n").commit("first");

    Exclusions exclusions = Exclusions.load(Git.open(repo.root()), "main", List.of());

    assertThat(exclusions.classify(List.of("go.sum", "vendor/x/y.go", "a.pb.go", "src/a.go")))
        .containsExactlyEntriesOf(
            new TreeMap<>(
                Map.of(
                    "go.sum", ExclusionReason.LOCK_FILE,
                    "vendor/x/y.go", ExclusionReason.VENDORED,
                    "a.pb.go", ExclusionReason.GENERATED)));
    assertThat(exclusions.ignoredRevisions()).isEmpty();
    assertThat(exclusions.warnings()).isEmpty();
  }

  @Test
  void classify_infoAttributesOnly_isHonoured() throws Exception {
    TestRepo repo = TestRepo.init(temp.resolve("work"));
    repo.write("a.txt", "a\n").commit("first");
    java.nio.file.Files.writeString(
        repo.root().resolve(".git/info/attributes"), "*.txt linguist-generated\n");

    Exclusions exclusions = Exclusions.load(Git.open(repo.root()), "HEAD", List.of());

    assertThat(exclusions.classify(List.of("a.txt")))
        .containsExactlyEntriesOf(Map.of("a.txt", ExclusionReason.GENERATED));
  }

  @Test
  void load_invalidGlob_throwsUserInput() {
    TestRepo repo = TestRepo.init(temp.resolve("work"));
    repo.write("a.txt", "a\n").commit("first");

    assertThatThrownBy(() -> Exclusions.load(Git.open(repo.root()), "HEAD", List.of("src/**x")))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(
            "exclusion glob 'src/**x' has '**' inside a name; '**' must be a whole path segment");
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "none",
      value = {
        // path rule, generated attr, vendored attr, no-diff, binary, expected
        "USER_GLOB, true, none, true, false, USER_GLOB",
        "LOCK_FILE, true, none, false, false, GENERATED",
        "LOCK_FILE, false, none, false, false, none",
        "LOCK_FILE, none, false, false, false, LOCK_FILE",
        "GENERATED, false, none, false, false, none",
        "GENERATED, none, false, false, false, GENERATED",
        "VENDORED, none, false, false, false, none",
        "VENDORED, false, none, false, false, VENDORED",
        "VENDORED, none, none, true, false, BINARY",
        "none, true, true, false, false, VENDORED",
        "none, none, none, false, true, BINARY",
        "none, false, false, false, false, none",
        "GENERATED, none, none, false, false, GENERATED",
      })
  void decide_pathRuleAndAttributes_followDocumentedPrecedence(
      String rule,
      String generated,
      String vendored,
      boolean noDiff,
      boolean binary,
      String expected) {
    Optional<ExclusionReason> byPath = Optional.ofNullable(rule).map(ExclusionReason::valueOf);
    GitAttributes.State state =
        new GitAttributes.State(
            Optional.ofNullable(generated).map(Boolean::valueOf),
            Optional.ofNullable(vendored).map(Boolean::valueOf),
            noDiff,
            binary);

    assertThat(Exclusions.decide(byPath, Optional.of(state)))
        .isEqualTo(Optional.ofNullable(expected).map(ExclusionReason::valueOf));
  }

  @Test
  void decide_noAttributes_keepsPathRule() {
    assertThat(Exclusions.decide(Optional.of(ExclusionReason.VENDORED), Optional.empty()))
        .contains(ExclusionReason.VENDORED);
    assertThat(Exclusions.decide(Optional.empty(), Optional.empty())).isEmpty();
  }
}
