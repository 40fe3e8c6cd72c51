package dev.loopwatch.retro.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.retro.model.ModelAnswers.Read;
import dev.loopwatch.retro.review.Finding;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The strict reading of a model's findings and scores. */
class ModelAnswersTest {
  private static final Set<String> CHANGED = Set.of("src/A.java", "b/B.java");

  @Test
  void findings_fencedAnswerWithPrefixedPath_readsFindings() {
    Read<List<Finding>> read =
        ModelAnswers.findings(
            "```json\n{\"findings\": [{\"file\": \"b/src/A.java\", \"line\": 3, \"end_line\": 4,"
                + " \"severity\": \"warning\", \"message\": \"off by one\"},"
                + " {\"file\": \"b/B.java\", \"line\": 1, \"severity\": \"info\", \"message\":"
                + " \"m\"}]}\n```",
            CHANGED);

    assertThat(read)
        .isEqualTo(
            new Read.Value<>(
                List.of(
                    new Finding("src/A.java", 3, 4, "off by one", "warning"),
                    new Finding("b/B.java", 1, 1, "m", "info"))));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"findings\": []}|ok 0",
        "|answer is empty (expected a JSON object)",
        "No bugs found.|answer is not valid JSON: Unrecognized token 'No'",
        "[]|answer is not a JSON object",
        "{\"bugs\": []}|answer has an unknown key 'bugs'",
        "{}|answer's findings is missing or not an array",
        "{\"findings\": [1]}|findings[0] is not an object",
        "{\"findings\": [{\"file\": \"A\", \"line\": 0, \"severity\": \"info\", \"message\": \"m\"}]}"
            + "|findings[0].line is missing or not a positive integer",
        "{\"findings\": [{\"file\": \"A\", \"line\": 2, \"end_line\": 1, \"severity\": \"info\","
            + " \"message\": \"m\"}]}|findings[0].end_line is not an integer at least line",
        "{\"findings\": [{\"line\": 2, \"severity\": \"info\", \"message\": \"m\"}]}"
            + "|findings[0].file is missing or not a string",
        "{\"findings\": [{\"file\": \"A\", \"line\": 2, \"message\": \"m\"}]}"
            + "|findings[0].severity is missing or not error, warning or info",
        "{\"findings\": [{\"file\": \"A\", \"line\": 2, \"severity\": \"info\"}]}"
            + "|findings[0].message is missing or not a string",
        "{\"findings\": [{\"file\": \"A\", \"line\": 2, \"severity\": \"info\", \"message\": \"m\","
            + " \"confidence\": 0.9}]}|findings[0] has an unknown key 'confidence'",
      })
  void findings_answers_valueOrNamedError(String content, String expected) {
    Read<List<Finding>> read = ModelAnswers.findings(content == null ? "" : content, CHANGED);

    String actual =
        switch (read) {
          case Read.Value<List<Finding>> value -> "ok " + value.value().size();
          case Read.Error<List<Finding>> error -> error.reason();
        };
    assertThat(actual).startsWith(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"score\": 2, \"reason\": \"names it\"}|score 2",
        "{\"score\": 4, \"reason\": \"x\"}|answer's score is missing or not an integer 0 to 3",
        "{\"score\": 1}|answer's reason is missing or not a string",
        "{\"score\": 1, \"reason\": \"x\", \"why\": 1}|answer has an unknown key 'why'",
        "3|answer is not a JSON object",
      })
  void score_answers_valueOrNamedError(String content, String expected) {
    String actual =
        switch (ModelAnswers.score(content)) {
          case Read.Value<ModelAnswers.Score> value -> "score " + value.value().score();
          case Read.Error<ModelAnswers.Score> error -> error.reason();
        };
    assertThat(actual).isEqualTo(expected);
  }
}
