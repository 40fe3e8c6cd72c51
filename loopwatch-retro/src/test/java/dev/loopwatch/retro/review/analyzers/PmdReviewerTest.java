package dev.loopwatch.retro.review.analyzers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.retro.review.Finding;
import dev.loopwatch.retro.review.ReviewOutcome;
import dev.loopwatch.retro.review.ReviewWorkspace;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PmdReviewerTest {
  private static final String FILE = "src/main/java/demo/Parser.java";

  private static final String BEFORE =
      """
      package demo;

      public final class Parser {
        private Parser() {}

        static int parse(String text) {
          try {
            return Integer.parseInt(text);
          } catch (NumberFormatException e) {
          }
          return 0;
        }
      }
      """;

  @TempDir Path temp;

  @Test
  void review_changeAddsEmptyCatch_reportsItOnTheChangedLines() throws Exception {
    String after =
        BEFORE.replace(
            "  }\n}\n",
            """
              }

              static long parseLong(String text) {
                try {
                  return Long.parseLong(text);
                } catch (NumberFormatException e) {
                }
                return 0L;
              }
            }
            """);
    try (ReviewWorkspace workspace = Change.of(temp, Map.of(FILE, BEFORE), Map.of(FILE, after))) {
      ReviewOutcome outcome = PmdReviewer.withDefaultRulesets().review(workspace.request());

      assertThat(outcome).isInstanceOf(ReviewOutcome.Reviewed.class);
      List<Finding> findings = ((ReviewOutcome.Reviewed) outcome).findings();
      assertThat(findings)
          .extracting(Finding::file, Finding::startLine, Finding::endLine, Finding::severity)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(FILE, 17, 18, "warning"));
      assertThat(findings.getFirst().message()).startsWith("EmptyCatchBlock: ");
      assertThat(outcome.costUsd()).isEmpty();
    }
  }

  @Test
  void review_fileAddedWhole_reportsTheEmptyCatch() throws Exception {
    try (ReviewWorkspace workspace = Change.of(temp, Map.of(), Map.of(FILE, BEFORE))) {
      ReviewOutcome outcome = PmdReviewer.withDefaultRulesets().review(workspace.request());

      assertThat(outcome)
          .isInstanceOfSatisfying(
              ReviewOutcome.Reviewed.class,
              r ->
                  assertThat(r.findings())
                      .extracting(
                          Finding::startLine, Finding::endLine, f -> f.message().split(":")[0])
                      .containsExactly(
                          org.assertj.core.groups.Tuple.tuple(9, 10, "EmptyCatchBlock")));
    }
  }

  @Test
  void review_onlyOtherLinesOfAFileWithAnEmptyCatchChanged_findingFilteredOut() throws Exception {
    String after = BEFORE.replace("return 0;", "return -1;");
    try (ReviewWorkspace workspace = Change.of(temp, Map.of(FILE, BEFORE), Map.of(FILE, after))) {
      ReviewOutcome outcome = PmdReviewer.withDefaultRulesets().review(workspace.request());

      assertThat(outcome)
          .isInstanceOfSatisfying(
              ReviewOutcome.Reviewed.class, r -> assertThat(r.findings()).isEmpty());
    }
  }

  @Test
  void review_cleanNewFile_noFindings() throws Exception {
    String clean =
        """
        package demo;

        /** Adds. */
        public final class Sum {
          private Sum() {}

          static int add(int a, int b) {
            return a + b;
          }
        }
        """;
    try (ReviewWorkspace workspace =
        Change.of(temp, Map.of(), Map.of("src/main/java/demo/Sum.java", clean))) {
      ReviewOutcome outcome = PmdReviewer.withDefaultRulesets().review(workspace.request());

      assertThat(outcome)
          .isInstanceOfSatisfying(
              ReviewOutcome.Reviewed.class, r -> assertThat(r.findings()).isEmpty());
    }
  }

  @Test
  void review_nonJavaChange_notApplicable() throws Exception {
    try (ReviewWorkspace workspace =
        Change.of(
            temp,
            Map.of(FILE, BEFORE),
            Map.of("notes/Broken.java.txt", "class { catch () {} }\n", "README.md", "x\n"))) {
      ReviewOutcome outcome = PmdReviewer.withDefaultRulesets().review(workspace.request());

      assertThat(outcome)
          .isInstanceOfSatisfying(
              ReviewOutcome.NotApplicable.class,
              r -> assertThat(r.reason()).contains("reads only .java files"));
    }
  }

  @Test
  void review_unparsableJava_failedNamingTheFile() throws Exception {
    try (ReviewWorkspace workspace =
        Change.of(temp, Map.of(FILE, BEFORE), Map.of(FILE, BEFORE + "class {\n"))) {
      ReviewOutcome outcome = PmdReviewer.withDefaultRulesets().review(workspace.request());

      assertThat(outcome)
          .isInstanceOfSatisfying(
              ReviewOutcome.Failed.class,
              f ->
                  assertThat(f.reason())
                      .startsWith("PMD could not analyse " + FILE + ": ")
                      .doesNotContain("\n"));
    }
  }

  @Test
  void review_missingRuleset_failed() throws Exception {
    String after = BEFORE.replace("return 0;", "return -1;");
    try (ReviewWorkspace workspace = Change.of(temp, Map.of(FILE, BEFORE), Map.of(FILE, after))) {
      ReviewOutcome outcome =
          PmdReviewer.withRuleset(temp.resolve("no-such-ruleset.xml")).review(workspace.request());

      assertThat(outcome)
          .isInstanceOfSatisfying(
              ReviewOutcome.Failed.class,
              f -> assertThat(f.reason()).startsWith("PMD failed: ").doesNotContain("\n"));
    }
  }
}
