package dev.loopwatch.retro.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.git.evidence.RangeSet;
import dev.loopwatch.models.Request;
import dev.loopwatch.retro.review.ReviewRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model reviewer's prompt and its trimming to the token budget. */
class ReviewPromptTest {
  @TempDir Path temp;

  private static String lines(int count, String text) {
    return IntStream.rangeClosed(1, count)
        .mapToObj(i -> text + " " + i)
        .collect(Collectors.joining("\n", "", "\n"));
  }

  @Test
  void user_smallChange_showsDiffAndWholeNumberedFile() throws Exception {
    Files.writeString(temp.resolve("A.java"), "class A {\n  int x;\n}\n");
    ReviewRequest change =
        ReviewRequest.of(temp, "b", "h", "+  int x;\n", Map.of("A.java", RangeSet.parse("2")));

    String user = ReviewPrompt.user(change);

    assertThat(user)
        .startsWith("The change (unified diff):\n\n+  int x;\n")
        .contains("=== A.java (lines 1-3 of 3) ===\n    1| class A {\n    2|   int x;\n")
        .doesNotContain("files not shown");
    Request request = ReviewPrompt.request(change);
    assertThat(request.system()).contains("prompt retro-review/1");
    assertThat(request.maxTokens()).isEqualTo(ReviewPrompt.OUTPUT_TOKENS);
  }

  @Test
  void user_fileOverBudget_showsLinesAroundTheChangeOnly() throws Exception {
    // About 150,000 characters: more than the 96,000 the budget allows.
    Files.writeString(temp.resolve("Big.java"), lines(10_000, "statement number"));
    ReviewRequest change =
        ReviewRequest.of(temp, "b", "h", "+x\n", Map.of("Big.java", RangeSet.parse("5000")));

    String user = ReviewPrompt.user(change);

    assertThat(user)
        .contains("=== Big.java (lines 4960-5040 of 10000) ===")
        .contains(" 5000| statement number 5000\n")
        .doesNotContain("statement number 4959\n");
    assertThat(Request.of(ReviewPrompt.SYSTEM, user, 1).estimatedInputTokens())
        .isLessThanOrEqualTo(ReviewPrompt.INPUT_TOKENS);
  }

  @Test
  void user_binaryFileAndHugeDiff_cutAndNamed() throws Exception {
    Files.write(temp.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1});
    String diff = lines(20_000, "+added line");
    ReviewRequest change =
        ReviewRequest.of(temp, "b", "h", diff, Map.of("logo.png", RangeSet.parse("1")));

    String user = ReviewPrompt.user(change);

    assertThat(user)
        .containsPattern("\\[diff cut for the token budget: \\d+ more lines\\]\n")
        .contains("[files not shown: logo.png (binary, not UTF-8 or not a regular file)]");
    assertThat(Request.of(ReviewPrompt.SYSTEM, user, 1).estimatedInputTokens())
        .isLessThanOrEqualTo(ReviewPrompt.INPUT_TOKENS);
  }
}
