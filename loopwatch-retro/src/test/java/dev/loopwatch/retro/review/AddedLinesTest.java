package dev.loopwatch.retro.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.git.evidence.RangeSet;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AddedLinesTest {
  @Test
  void parse_hunkLinesLookingLikeHeaders_countedAsContent() {
    String diff =
        """
        diff --git a/x.txt b/x.txt
        index 1111111..2222222 100644
        --- a/x.txt
        +++ b/x.txt
        @@ -1,3 +1,3 @@
         keep
        --- old header lookalike
        +++ new header lookalike
         keep
        @@ -10 +10,2 @@
        -ten
        +ten
        +eleven
        \\ No newline at end of file
        """;

    assertThat(AddedLines.parse(diff)).isEqualTo(Map.of("x.txt", RangeSet.parse("2,10-11")));
  }

  @Test
  void parse_quotedPathsAndSubmodule_unquotedAndSubmoduleSkipped() {
    String diff =
        """
        diff --git "a/we\\"ird\\tname" "b/we\\"ird\\tname"
        new file mode 100644
        index 0000000..3333333
        --- /dev/null
        +++ "b/we\\"ird\\tname"
        @@ -0,0 +1 @@
        +x
        diff --git a/sub b/sub
        new file mode 160000
        index 0000000..4444444
        --- /dev/null
        +++ b/sub
        @@ -0,0 +1 @@
        +Subproject commit 4444444444444444444444444444444444444444
        diff --git a/mode.sh b/mode.sh
        old mode 100644
        new mode 100755
        """;

    assertThat(AddedLines.parse(diff))
        .isEqualTo(Map.of("we\"ird\tname", RangeSet.parse("1"), "mode.sh", RangeSet.empty()));
  }

  @Test
  void headerPath_spacesInUnquotedName_readsTheHeadPath() {
    assertThat(AddedLines.headerPath("a/my file b/x b/my file b/x"))
        .isEqualTo(Optional.of("my file b/x"));
    assertThat(AddedLines.headerPath("a/one b/two")).isEmpty();
  }
}
