package dev.loopwatch.retro.review.analyzers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.loopwatch.retro.review.Finding;
import dev.loopwatch.retro.review.ReviewOutcome;
import dev.loopwatch.retro.review.ReviewWorkspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpotBugsReviewerTest {
  private static final String FILE = "src/main/java/demo/Names.java";
  private static final String HELPER = "src/main/java/demo/util/Text.java";

  private static final String BEFORE =
      """
      package demo;

      import demo.util.Text;

      public final class Names {
        private Names() {}

        static String greet(String name) {
          return "hello " + Text.trim(name);
        }
      }
      """;

  private static final String HELPER_SOURCE =
      """
      package demo.util;

      public final class Text {
        private Text() {}

        public static String trim(String text) {
          return text.strip();
        }
      }
      """;

  @TempDir Path temp;

  private List<Finding> findings(ReviewOutcome outcome) {
    assertThat(outcome).isInstanceOf(ReviewOutcome.Reviewed.class);
    return ((ReviewOutcome.Reviewed) outcome).findings();
  }

  private ReviewOutcome review(Map<String, String> after) throws Exception {
    try (ReviewWorkspace workspace =
        Change.of(temp, Map.of(FILE, BEFORE, HELPER, HELPER_SOURCE), after)) {
      return SpotBugsReviewer.create(temp.resolve("spotbugs")).review(workspace.request());
    }
  }

  @Test
  void review_changeAddsNullDereference_reportsNpAlwaysNull() throws Exception {
    String after =
        BEFORE.replace(
            "  }\n}\n",
            """
              }

              static int length() {
                String missing = null;
                return missing.length();
              }
            }
            """);

    ReviewOutcome outcome = review(Map.of(FILE, after));

    assertThat(findings(outcome))
        .extracting(Finding::file, Finding::startLine, Finding::endLine)
        .containsExactly(tuple(FILE, 14, 14));
    assertThat(findings(outcome).getFirst().message()).startsWith("NP_ALWAYS_NULL: ");
    assertThat(findings(outcome).getFirst().severity()).isEqualTo("error");
    assertThat(outcome.costUsd()).isEmpty();
    assertThat(temp.resolve("spotbugs")).isEmptyDirectory();
  }

  @Test
  void review_changeComparesStringsWithEq_reportsIt() throws Exception {
    String after =
        BEFORE.replace(
            "  }\n}\n",
            """
              }

              static boolean isAdmin(String name) {
                String admin = Text.trim(" admin ");
                return Text.trim(name) == admin;
              }
            }
            """);

    ReviewOutcome outcome = review(Map.of(FILE, after));

    assertThat(findings(outcome))
        .extracting(Finding::file, Finding::startLine, f -> f.message().split(":")[0])
        .containsExactly(tuple(FILE, 14, "ES_COMPARING_STRINGS_WITH_EQ"));
  }

  @Test
  void review_cleanChange_noFindings() throws Exception {
    ReviewOutcome outcome =
        review(Map.of(FILE, BEFORE.replace("\"hello \"", "\"hi \""), "README.md", "new\n"));

    assertThat(findings(outcome)).isEmpty();
  }

  @Test
  void review_changeWithoutJava_notApplicable() throws Exception {
    ReviewOutcome outcome = review(Map.of("README.md", "new\n"));

    assertThat(outcome).isInstanceOf(ReviewOutcome.NotApplicable.class);
  }

  @Test
  void review_bugOutsideChangedLines_filteredOut() throws Exception {
    String buggy =
        HELPER_SOURCE.replace(
            "  }\n}\n",
            """
              }

              public static int broken() {
                String missing = null;
                return missing.length();
              }
            }
            """);
    try (ReviewWorkspace workspace =
        Change.of(
            temp,
            Map.of(FILE, BEFORE, HELPER, buggy),
            Map.of(HELPER, buggy.replace("text.strip()", "text.trim()")))) {
      ReviewOutcome outcome =
          SpotBugsReviewer.create(temp.resolve("spotbugs")).review(workspace.request());

      assertThat(findings(outcome)).isEmpty();
    }
  }

  @Test
  void review_nonCompilingChange_failedNamingFileAndError() throws Exception {
    ReviewOutcome outcome =
        review(Map.of(FILE, BEFORE.replace("Text.trim(name)", "Text.missing(name)")));

    assertThat(outcome)
        .isInstanceOfSatisfying(
            ReviewOutcome.Failed.class,
            f ->
                assertThat(f.reason())
                    .isEqualTo("could not compile " + FILE + ": line 9: cannot find symbol"));
  }

  @Test
  void review_libraryJarOnClasspath_compiles() throws Exception {
    // the helper class, compiled into lib/text.jar, is the only definition of demo.util.Text
    Path jarSource = temp.resolve("jar-src");
    Files.createDirectories(jarSource.resolve("demo/util"));
    Files.writeString(jarSource.resolve("demo/util/Text.java"), HELPER_SOURCE);
    Path jarClasses = temp.resolve("jar-classes");
    assertThat(
            javax.tools.ToolProvider.getSystemJavaCompiler()
                .run(
                    null,
                    null,
                    null,
                    "-d",
                    jarClasses.toString(),
                    jarSource.resolve("demo/util/Text.java").toString()))
        .isZero();
    Path jar = temp.resolve("text.jar");
    try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> classes = Files.walk(jarClasses)) {
      for (Path file : classes.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(
            new java.util.jar.JarEntry(jarClasses.relativize(file).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(file));
        out.closeEntry();
      }
    }
    String after = BEFORE.replace("\"hello \"", "\"hi \"");
    dev.loopwatch.git.testing.TestRepo repo =
        dev.loopwatch.git.testing.TestRepo.init(temp.resolve("source"));
    repo.write(FILE, BEFORE);
    Files.createDirectories(repo.root().resolve("lib"));
    Files.copy(jar, repo.root().resolve("lib/text.jar"));
    String base = repo.commit("base");
    repo.write(FILE, after);
    String head = repo.commit("change");
    try (ReviewWorkspace workspace =
        ReviewWorkspace.create(
            dev.loopwatch.git.repo.Git.open(repo.root()), base, head, temp.resolve("work"))) {
      ReviewOutcome outcome =
          SpotBugsReviewer.create(temp.resolve("spotbugs")).review(workspace.request());

      assertThat(findings(outcome)).isEmpty();
    }
  }
}
