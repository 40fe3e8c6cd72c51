package dev.loopwatch.git.szz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The diff, blame and comment parsers on hand-written and generated input. */
class ParsersTest {
  @Test
  void parse_hunksWithDashLinesAndAddedFile_exactOldLines() {
    String diff =
        String.join(
            "\n",
            "diff --git a/q.sql b/q.sql",
            "index 1..2 100644",
            "--- a/q.sql",
            "+++ b/q.sql",
            "@@ -2 +2 @@ select",
            "--- a comment",
            "+-- b comment",
            "@@ -5,2 +4,0 @@",
            "-drop x;",
            "--- c",
            "@@ -9,0 +8 @@",
            "+added",
            "\\ No newline at end of file",
            "diff --git a/new.txt b/new.txt",
            "new file mode 100644",
            "--- /dev/null",
            "+++ b/new.txt",
            "@@ -0,0 +1 @@",
            "+x",
            "diff --git \"a/t\\303\\251 s.c\" \"b/t\\303\\251 s.c\"",
            "--- \"a/t\\303\\251 s.c\"",
            "+++ \"b/t\\303\\251 s.c\"",
            "@@ -1 +1 @@",
            "-int x;",
            "+int y;",
            "");

    assertThat(FixDiff.parse(diff))
        .containsExactly(
            new FixDiff.FileLines(
                "q.sql",
                List.of(
                    new FixDiff.OldLine(2, "-- a comment"),
                    new FixDiff.OldLine(5, "drop x;"),
                    new FixDiff.OldLine(6, "-- c"))),
            new FixDiff.FileLines("té s.c", List.of(new FixDiff.OldLine(1, "int x;"))));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void parse_generatedHunks_recoversEveryDeletedLine(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder diff = new StringBuilder("diff --git a/f b/f\n--- a/f\n+++ b/f\n");
    List<FixDiff.OldLine> expected = new java.util.ArrayList<>();
    int old = 1;
    for (int hunk = 0; hunk < 1 + random.nextInt(6); hunk++) {
      old += random.nextInt(1, 10);
      int deleted = random.nextInt(4);
      int added = random.nextInt(4);
      diff.append("@@ -")
          .append(old)
          .append(',')
          .append(deleted)
          .append(" +1,")
          .append(added)
          .append(" @@\n");
      for (int i = 0; i < deleted; i++) {
        String text = random.nextBoolean() ? "-- x" + i : "@@ y" + i;
        expected.add(new FixDiff.OldLine(old + i, text));
        diff.append('-').append(text).append('\n');
      }
      for (int i = 0; i < added; i++) {
        diff.append("+--- z\n");
      }
      old += deleted;
    }
    List<FixDiff.FileLines> parsed = FixDiff.parse(diff.toString());
    List<FixDiff.OldLine> actual = parsed.isEmpty() ? List.of() : parsed.getFirst().lines();
    assertThat(actual).as("seed %d", seed).containsExactlyElementsOf(expected);
  }

  @Test
  void parse_porcelainWithRepeatedCommit_usesLastFilename() {
    String a = "a".repeat(40);
    String b = "b".repeat(40);
    String output =
        String.join(
            "\n",
            a + " 3 1 2",
            "author x",
            "committer-time 100",
            "filename old.c",
            "\tone",
            a + " 4 2",
            "\ttwo",
            b + " 7 5 1",
            "committer-time 200",
            "boundary",
            "filename new.c",
            "\tthree",
            a + " 9 6 1",
            "filename other.c",
            "\tfour",
            "");

    assertThat(PorcelainBlame.parse(output))
        .containsExactly(
            new PorcelainBlame.Line(1, a, "old.c", 3, 100),
            new PorcelainBlame.Line(2, a, "old.c", 4, 100),
            new PorcelainBlame.Line(5, b, "new.c", 7, 200),
            new PorcelainBlame.Line(6, a, "other.c", 9, 100));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "A.java|  // note|true",
        "A.java|  /* start|true",
        "A.java|   * middle|true",
        "A.java|  *p = 1;|false",
        "A.java|  x = 1; // trailing|false",
        "a.py|# note|true",
        "a.py|x = 1|false",
        "q.sql|-- note|true",
        "x.ini|; note|true",
        "Makefile|# note|true",
        "README|# title|false",
        "a.rs|//! doc|true"
      })
  void comment_byExtension_detectsCommentLines(String path, String line, boolean comment) {
    assertThat(CommentLines.comment(path, line)).isEqualTo(comment);
  }
}
