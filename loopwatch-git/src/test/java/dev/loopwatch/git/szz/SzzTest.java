package dev.loopwatch.git.szz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.szz.SzzResult.Candidate;
import dev.loopwatch.git.szz.SzzResult.Filter;
import dev.loopwatch.git.szz.SzzResult.FilterCount;
import dev.loopwatch.git.szz.SzzResult.LineRef;
import dev.loopwatch.git.szz.SzzResult.Status;
import dev.loopwatch.git.testing.TestRepo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SZZ on fixture repositories whose true introducing commits are known. */
class SzzTest {
  @TempDir Path temp;
  private TestRepo repo;

  @BeforeEach
  void init() throws Exception {
    repo = TestRepo.init(temp.resolve("repo"));
  }

  private static String lines(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  private SzzResult run(SzzOptions options, String fix) {
    return new Szz(Git.open(repo.root()), options).analyze(FixRequest.of(fix));
  }

  private void move(String from, String to) throws java.io.IOException {
    java.nio.file.Files.createDirectories(repo.root().resolve(to).getParent());
    java.nio.file.Files.move(repo.root().resolve(from), repo.root().resolve(to));
  }

  private static List<String> commits(SzzResult result) {
    return result.candidates().stream().map(Candidate::commit).toList();
  }

  private static int dropped(SzzResult result, Filter filter) {
    return result.filters().stream()
        .filter(count -> count.filter() == filter)
        .mapToInt(FilterCount::dropped)
        .sum();
  }

  @Test
  void analyze_simpleModification_blamesIntroducingCommit() throws Exception {
    repo.write(
        "src/Calc.java",
        lines("class Calc {", "  int add(int a, int b) {", "    return a + b;", "  }", "}"));
    repo.commit("add calc");
    repo.write(
        "src/Calc.java",
        lines("class Calc {", "  int add(int a, int b) {", "    return a - b;", "  }", "}"));
    String intro = repo.commit("simplify add");
    repo.write("README.md", "docs\n");
    repo.commit("docs");
    repo.write(
        "src/Calc.java",
        lines("class Calc {", "  int add(int a, int b) {", "    return a + b;", "  }", "}"));
    String fix = repo.commit("fix add");

    SzzResult result = run(SzzOptions.defaults(), fix);

    assertThat(result.status()).isEqualTo(Status.FOUND);
    assertThat(commits(result)).containsExactly(intro);
    assertThat(result.pick()).contains(intro);
    assertThat(result.candidates().getFirst().confidence()).isEqualTo(1.0);
    assertThat(result.buggyLines()).containsExactly(new LineRef("src/Calc.java", 3));
    assertThat(result.introducing()).containsExactly(intro);
  }

  @Test
  void analyze_deletionOnlyFix_blamesDeletedLines() throws Exception {
    repo.write("app.py", lines("def main():", "    run()"));
    repo.commit("add app");
    repo.write("app.py", lines("def main():", "    run()", "    retry()", "    cleanup()"));
    String intro = repo.commit("retry");
    repo.write("app.py", lines("def main():", "    run()", "    cleanup()"));
    String fix = repo.commit("no retry");

    SzzResult result = run(SzzOptions.defaults(), fix);

    assertThat(commits(result)).containsExactly(intro);
    assertThat(result.buggyLines()).containsExactly(new LineRef("app.py", 3));
  }

  @Test
  void analyze_pureAdditionFix_isUntraceable() throws Exception {
    repo.write("app.py", lines("def main():", "    run()"));
    repo.commit("add app");
    repo.write("app.py", lines("def main():", "    check()", "    run()"));
    repo.write("check.py", lines("def check():", "    pass"));
    String fix = repo.commit("add a check");

    SzzResult result = run(SzzOptions.defaults(), fix);

    assertThat(result.status()).isEqualTo(Status.UNTRACEABLE);
    assertThat(result.candidates()).isEmpty();
    assertThat(result.pick()).isEmpty();
    assertThat(result.buggyLines()).isEmpty();
  }

  @Test
  void analyze_rootCommit_isUntraceable() throws Exception {
    repo.write("a.txt", "a\n");
    String root = repo.commit("root");

    assertThat(run(SzzOptions.defaults(), root).status()).isEqualTo(Status.UNTRACEABLE);
  }

  @Test
  void analyze_whitespaceNoiseInBetween_filteredOnlyWithFilter() throws Exception {
    repo.write("m.c", lines("int f(int a) {", "return a * 2;", "}"));
    repo.commit("add f");
    repo.write("m.c", lines("int f(int a) {", "return a * 3;", "}"));
    String intro = repo.commit("triple");
    repo.write("m.c", lines("int f(int a) {", "    return a * 3;", "}"));
    String noise = repo.commit("indent");
    repo.write("m.c", lines("int f(int a) {", "  return a * 2;", "}"));
    String fix = repo.commit("fix factor and indent");

    SzzResult filtered = run(SzzOptions.defaults(), fix);
    SzzResult plain = run(SzzOptions.plain(), fix);

    assertThat(commits(filtered)).containsExactly(intro);
    assertThat(commits(plain)).containsExactly(noise);
    assertThat(dropped(filtered, Filter.WHITESPACE)).isZero();
  }

  @Test
  void analyze_whitespaceOnlyLinesInFix_countedAndNotBlamed() throws Exception {
    repo.write("m.c", lines("int f(int a) {", "  return a * 2;", "  return 0;", "}"));
    repo.commit("add f");
    repo.write("m.c", lines("int f(int a) {", "  return a * 3;", "  return 0;", "}"));
    String intro = repo.commit("triple");
    repo.write("m.c", lines("int f(int a) {", "  return a * 2;", "    return 0;", "}"));
    String fix = repo.commit("fix factor, reindent");

    SzzResult filtered = run(SzzOptions.defaults(), fix);

    assertThat(commits(filtered)).containsExactly(intro);
    assertThat(dropped(filtered, Filter.WHITESPACE)).isEqualTo(1);
    assertThat(commits(run(SzzOptions.plain(), fix))).hasSize(2).contains(intro);
  }

  @Test
  void analyze_commentOnlyNoiseInBetween_filteredOut() throws Exception {
    repo.write("Q.java", lines("class Q {", "  int size() {", "    return 1;", "  }", "}"));
    repo.commit("add Q");
    repo.write("Q.java", lines("class Q {", "  int size() {", "    return 0;", "  }", "}"));
    String intro = repo.commit("size zero");
    repo.write(
        "Q.java",
        lines(
            "class Q {", "  int size() {", "    // always empty", "", "    return 0;", "  }", "}"));
    String noise = repo.commit("comment");
    repo.write("Q.java", lines("class Q {", "  int size() {", "    return 1;", "  }", "}"));
    String fix = repo.commit("fix size");

    SzzResult filtered = run(SzzOptions.defaults(), fix);
    SzzResult plain = run(SzzOptions.plain(), fix);

    assertThat(commits(filtered)).containsExactly(intro);
    assertThat(dropped(filtered, Filter.COMMENTS_AND_BLANK)).isEqualTo(2);
    assertThat(commits(plain)).containsExactly(noise, intro);
    assertThat(plain.pick()).contains(noise);
    assertThat(plain.candidates().get(0).confidence())
        .isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(plain.candidates().get(1).confidence())
        .isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void analyze_commentOnlyFix_isFilteredOut() throws Exception {
    repo.write("s.sh", lines("# run it", "echo hi"));
    repo.commit("add");
    repo.write("s.sh", lines("# run it twice", "echo hi"));
    String fix = repo.commit("fix comment");

    SzzResult result = run(SzzOptions.defaults(), fix);

    assertThat(result.status()).isEqualTo(Status.FILTERED_OUT);
    assertThat(result.pick()).isEmpty();
  }

  @Test
  void analyze_largeRefactoringInBetween_reblamesPastIt() throws Exception {
    repo.write("Bug.java", lines("class Bug {", "  int total = price * qty;", "}"));
    repo.commit("add bug");
    repo.write("Bug.java", lines("class Bug {", "  int total = price + qty;", "}"));
    String intro = repo.commit("introduce");
    repo.write("Bug.java", lines("class Bug {", "  long total = price + qty;", "}"));
    for (int i = 0; i < 24; i++) {
      repo.write("gen/F" + i + ".java", "class F" + i + " {}\n");
    }
    String refactor = repo.commit("widen everything");
    repo.write("Bug.java", lines("class Bug {", "  long total = price * qty;", "}"));
    String fix = repo.commit("fix total");

    SzzResult filtered = run(SzzOptions.defaults(), fix);
    SzzOptions limit30 = new SzzOptions(true, true, true, OptionalInt.of(30), true, true, 1);

    assertThat(commits(filtered)).containsExactly(intro);
    assertThat(dropped(filtered, Filter.LARGE_COMMITS)).isEqualTo(1);
    assertThat(commits(run(limit30, fix))).containsExactly(refactor);
    assertThat(commits(run(SzzOptions.plain(), fix))).containsExactly(refactor);
  }

  @Test
  void analyze_ignoreRevsCommitInBetween_reblamesPastIt() throws Exception {
    repo.write("v.go", lines("package v", "var limit = 10"));
    repo.commit("add");
    repo.write("v.go", lines("package v", "var limit = 100"));
    String intro = repo.commit("raise limit");
    repo.write("v.go", lines("package v", "var limit = 100 "));
    String format = repo.commit("format");
    repo.write(".git-blame-ignore-revs", format + "\n");
    repo.commit("ignore formatting");
    repo.write("v.go", lines("package v", "var limit = 10"));
    String fix = repo.commit("fix limit");

    SzzOptions noWhitespace = new SzzOptions(false, true, true, OptionalInt.of(20), true, true, 1);
    SzzResult result = run(noWhitespace, fix);

    assertThat(commits(result)).containsExactly(intro);
    assertThat(dropped(result, Filter.IGNORE_REVS)).isEqualTo(1);
  }

  @Test
  void analyze_renamedFile_followsRenameAndNamesOldPath() throws Exception {
    repo.write("old/Name.java", lines("class Name {", "  String n = \"a\";", "}"));
    repo.commit("add");
    repo.write("old/Name.java", lines("class Name {", "  String n = null;", "}"));
    String intro = repo.commit("null name");
    move("old/Name.java", "neu/Name.java");
    repo.commit("move");
    repo.write("neu/Name.java", lines("class Name {", "  String n = \"\";", "}"));
    String fix = repo.commit("fix name");

    SzzResult result = run(SzzOptions.defaults(), fix);

    assertThat(commits(result)).containsExactly(intro);
    assertThat(result.buggyLines()).containsExactly(new LineRef("old/Name.java", 2));
  }

  @Test
  void analyze_fixThatRenamesAndEdits_blamesOldPath() throws Exception {
    repo.write("a/X.java", lines("class X {", "  int v = 1;", "  int w = 2;", "}"));
    repo.commit("add");
    repo.write("a/X.java", lines("class X {", "  int v = -1;", "  int w = 2;", "}"));
    String intro = repo.commit("negate");
    move("a/X.java", "b/X.java");
    repo.write("b/X.java", lines("class X {", "  int v = 1;", "  int w = 2;", "}"));
    String fix = repo.commit("move and fix");

    assertThat(commits(run(SzzOptions.defaults(), fix))).containsExactly(intro);
  }

  @Test
  void analyze_branchMergedWithNoFf_blamesBranchCommitNotMerge() throws Exception {
    repo.write("F.java", lines("int f(int a, int b) {", "  return 0;", "}"));
    repo.commit("base");
    repo.git("checkout", "-q", "-b", "feature");
    repo.write("F.java", lines("int f(int a, int b) {", "  return a / b;", "}"));
    String intro = repo.commit("divide");
    repo.git("checkout", "-q", "main");
    repo.write("o.txt", "other\n");
    repo.commit("other");
    repo.git("merge", "-q", "--no-ff", "-m", "merge feature", "feature");
    repo.write("F.java", lines("int f(int a, int b) {", "  return b == 0 ? 0 : a / b;", "}"));
    String fix = repo.commit("guard zero");

    SzzResult result = run(SzzOptions.defaults(), fix);

    assertThat(commits(result)).containsExactly(intro);
    assertThat(dropped(result, Filter.META_CHANGES)).isZero();
  }

  @Test
  void analyze_evilMerge_isMetaChangeAndReblamedPast() throws Exception {
    repo.write("F.java", lines("int f(int a, int b) {", "  return 0;", "}"));
    String base = repo.commit("base");
    repo.git("checkout", "-q", "-b", "feature");
    repo.write("F.java", lines("int f(int a, int b) {", "  return a / b;", "}"));
    repo.commit("divide");
    repo.git("checkout", "-q", "main");
    repo.write("o.txt", "other\n");
    repo.commit("other");
    repo.git("merge", "-q", "--no-ff", "--no-commit", "feature");
    repo.write("F.java", lines("int f(int a, int b) {", "  return a / (b);", "}"));
    String merge = repo.commit("merge feature");
    repo.write("F.java", lines("int f(int a, int b) {", "  return b == 0 ? 0 : a / b;", "}"));
    String fix = repo.commit("guard zero");

    SzzResult filtered = run(SzzOptions.defaults(), fix);

    assertThat(commits(run(SzzOptions.plain(), fix))).containsExactly(merge);
    assertThat(dropped(filtered, Filter.META_CHANGES)).isEqualTo(1);
    // Like PySZZ's MA-SZZ, git's --ignore-rev re-blames a merge's line through its first parent.
    assertThat(commits(filtered)).containsExactly(base);
  }

  @Test
  void analyze_issueDate_dropsLaterCandidates() throws Exception {
    repo.write("a.rb", lines("x = 1", "y = 1"));
    repo.commit("add");
    repo.write("a.rb", lines("x = 2", "y = 1"));
    String early = repo.commit("x two");
    Instant issue =
        Instant.parse(repo.git("show", "-s", "--format=%cI", early).strip()).plusSeconds(1);
    repo.write("a.rb", lines("x = 2", "y = 2"));
    String late = repo.commit("y two");
    repo.write("a.rb", lines("x = 1", "y = 1"));
    String fix = repo.commit("fix both");

    Szz szz = new Szz(Git.open(repo.root()), SzzOptions.defaults());
    SzzResult dated = szz.analyze(new FixRequest(fix, Optional.of(issue), List.of()));
    SzzResult undated = szz.analyze(FixRequest.of(fix));

    assertThat(commits(dated)).containsExactly(early);
    assertThat(dropped(dated, Filter.AFTER_ISSUE_DATE)).isEqualTo(1);
    assertThat(commits(undated)).containsExactly(late, early);
    assertThat(undated.pick()).contains(late);
  }

  @Test
  void analyze_declaredCommit_overridesSzz() throws Exception {
    repo.write("a.rb", lines("x = 1"));
    String first = repo.commit("add");
    repo.write("a.rb", lines("x = 2"));
    String intro = repo.commit("x two");
    repo.write("a.rb", lines("x = 1"));
    String fix = repo.commit("fix");

    SzzResult result =
        new Szz(Git.open(repo.root()), SzzOptions.defaults())
            .analyze(new FixRequest(fix, Optional.empty(), List.of(first.substring(0, 8))));

    assertThat(result.status()).isEqualTo(Status.DECLARED);
    assertThat(result.introducing()).containsExactly(first);
    assertThat(result.pick()).contains(first);
    assertThat(commits(result)).containsExactly(intro, first);
    assertThat(result.candidates().get(1).declared()).isTrue();
    assertThat(result.buggyLines()).isEmpty();
  }

  @Test
  void analyzeAll_manyFixes_resultsInInputOrder() throws Exception {
    List<String> intros = new ArrayList<>();
    List<String> fixes = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      repo.write("f" + i + ".txt", lines("good " + i, "tail"));
      repo.commit("add " + i);
    }
    for (int i = 0; i < 6; i++) {
      repo.write("f" + i + ".txt", lines("bad " + i, "tail"));
      intros.add(repo.commit("break " + i));
    }
    for (int i = 5; i >= 0; i--) {
      repo.write("f" + i + ".txt", lines("good " + i, "tail"));
      fixes.add(repo.commit("fix " + i));
    }

    List<SzzResult> results =
        new Szz(
                Git.open(repo.root()),
                new SzzOptions(true, true, true, OptionalInt.of(20), true, true, 3))
            .analyzeAll(fixes.stream().map(FixRequest::of).toList());

    assertThat(results).extracting(SzzResult::fix).containsExactlyElementsOf(fixes);
    for (int i = 0; i < 6; i++) {
      assertThat(results.get(i).pick()).as("fix %d", i).contains(intros.get(5 - i));
    }
  }

  @Test
  void analyze_unknownFix_isUserInputError() throws Exception {
    repo.write("a.txt", "a\n");
    repo.commit("root");

    assertThatThrownBy(() -> run(SzzOptions.defaults(), "deadbeef"))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("unknown commit 'deadbeef'")
        .extracting(e -> ((LoopwatchException) e).kind())
        .isEqualTo(LoopwatchException.Kind.USER_INPUT);
  }
}
