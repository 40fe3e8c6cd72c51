package dev.loopwatch.git.evidence.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.git.evidence.Confidence;
import dev.loopwatch.git.evidence.Evidence;
import dev.loopwatch.git.identity.Engineers;
import dev.loopwatch.git.identity.IdentityTable;
import dev.loopwatch.git.log.CommitInfo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random commit messages: detection never throws and finds exactly the agent trailers
 * planted.
 */
class MessageEvidencePropertyTest {
  /** An agent co-author trailer identity and the evidence it must produce. */
  private record Planted(String name, String email, String agent, String model, String rule) {
    String value() {
      return name + " <" + email + ">";
    }

    Evidence evidence() {
      return new Evidence(
          "co-author-trailer",
          Confidence.MEDIUM,
          agent,
          Optional.ofNullable(model),
          "Co-authored-by identity " + rule,
          "Co-authored-by: " + value());
    }
  }

  private static final List<Planted> AGENT_TRAILERS =
      List.of(
          new Planted(
              "Claude",
              "noreply@anthropic.com",
              "claude-code",
              null,
              "email noreply@anthropic.com"),
          new Planted(
              "Claude Opus 4.5",
              "noreply@anthropic.com",
              "claude-code",
              "Claude Opus 4.5",
              "email noreply@anthropic.com"),
          new Planted(
              "Claude Sonnet 4",
              "NoReply@Anthropic.com",
              "claude-code",
              "Claude Sonnet 4",
              "email noreply@anthropic.com"),
          new Planted(
              "aider (openai/gpt-4o)",
              "aider@aider.chat",
              "aider",
              "openai/gpt-4o",
              "email aider@aider.chat"),
          new Planted(
              "aider (anthropic/claude-3-7-sonnet)",
              "aider@aider.chat",
              "aider",
              "anthropic/claude-3-7-sonnet",
              "email aider@aider.chat"),
          new Planted(
              "Cursor Agent",
              "cursoragent@cursor.com",
              "cursor",
              null,
              "email cursoragent@cursor.com"),
          new Planted("Codex", "noreply@openai.com", "codex", null, "email noreply@openai.com"),
          new Planted(
              "Copilot",
              "175728472+Copilot@users.noreply.github.com",
              "copilot",
              null,
              "github-id 175728472"),
          new Planted(
              "openhands",
              "openhands@all-hands.dev",
              "openhands",
              null,
              "email openhands@all-hands.dev"),
          new Planted(
              "devin-ai-integration[bot]",
              "158243242+devin-ai-integration[bot]@users.noreply.github.com",
              "devin",
              null,
              "github-id 158243242"));

  private static final List<String> OTHER_TRAILERS =
      List.of(
          "Signed-off-by: Alice Example <alice@example.com>",
          "Reviewed-by: Bob <bob@example.org>",
          "Co-authored-by: Claude Dupont <claude.dupont@example.com>",
          "Co-authored-by: Devin Smith <devin@smith.example>",
          "Co-authored-by: dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>",
          "co-authored-by: no email here",
          "Co-authored-by: Broken <noreply@anthropic.com",
          "Fixes: #1234",
          "Change-Id: I0123456789abcdef",
          "Note: Claude <noreply@anthropic.com> reviewed this");

  private static final List<String> WORDS =
      List.of(
          "fix",
          "the",
          "parser",
          "Claude",
          "copilot",
          "aider",
          "agent",
          "cursor",
          "bot",
          "é",
          "→",
          "<",
          ">",
          "@",
          "#12",
          "co-authored",
          "by",
          "noreply@anthropic.com",
          "[bot]",
          "(aider)",
          "merge",
          "branch",
          "'main'",
          "😀",
          "a:b");

  private final MessageEvidence detector = new MessageEvidence(IdentityTable.builtIn());

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(
      longs = {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25
      })
  void detect_randomMessages_findsExactlyPlantedAgentTrailers(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int round = 0; round < 40; round++) {
      Set<Evidence> expected = new LinkedHashSet<>();
      String newline = random.nextInt(5) == 0 ? "\r\n" : "\n";
      List<String> paragraphs = new ArrayList<>();
      paragraphs.add(words(random, 1 + random.nextInt(8)));
      int bodies = random.nextInt(4);
      for (int i = 0; i < bodies; i++) {
        List<String> lines = new ArrayList<>();
        int count = 1 + random.nextInt(4);
        for (int j = 0; j < count; j++) {
          lines.add(
              random.nextInt(3) == 0
                  ? agentTrailer(random, null)
                  : words(random, 1 + random.nextInt(10)));
        }
        paragraphs.add(String.join(newline, lines));
      }
      List<String> last = new ArrayList<>();
      int count = 1 + random.nextInt(7);
      for (int j = 0; j < count; j++) {
        switch (random.nextInt(3)) {
          case 0 -> last.add(agentTrailer(random, expected));
          case 1 -> last.add(OTHER_TRAILERS.get(random.nextInt(OTHER_TRAILERS.size())));
          default -> last.add(words(random, 1 + random.nextInt(10)));
        }
      }
      paragraphs.add(String.join(newline, last));
      String message =
          String.join(newline + newline, paragraphs) + newline.repeat(random.nextInt(3));

      List<Evidence> found = detector.detect(commit(message));

      assertThat(found)
          .as("seed %d round %d, message:%n%s", seed, round, message)
          .containsExactlyElementsOf(expected);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {101, 102, 103, 104, 105, 106, 107, 108, 109, 110})
  void detect_junkMessages_neverThrowsAndOnlyMedium(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String alphabet = "ab Z:<>@[]()-_.\n\n\r\t#'/\\éé😀0123456789";
    int[] codePoints = alphabet.codePoints().toArray();
    for (int round = 0; round < 200; round++) {
      StringBuilder message = new StringBuilder();
      int length = random.nextInt(200);
      for (int i = 0; i < length; i++) {
        if (random.nextInt(20) == 0) {
          message.append(OTHER_TRAILERS.get(random.nextInt(OTHER_TRAILERS.size())));
        } else {
          message.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
        }
      }
      CommitInfo commit = commit(message.toString());

      List<Evidence> found = detector.detect(commit);

      assertThat(found)
          .as("seed %d round %d, message:%n%s", seed, round, message)
          .allSatisfy(evidence -> assertThat(evidence.confidence()).isEqualTo(Confidence.MEDIUM));
      assertThat(Engineers.creditedHuman(commit, IdentityTable.builtIn()))
          .as("seed %d round %d", seed, round)
          .isPresent();
    }
  }

  private static String agentTrailer(SplittableRandom random, Set<Evidence> expected) {
    Planted planted = AGENT_TRAILERS.get(random.nextInt(AGENT_TRAILERS.size()));
    if (expected != null) {
      expected.add(planted.evidence());
    }
    StringBuilder key = new StringBuilder();
    for (char c : "Co-authored-by".toCharArray()) {
      key.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
    }
    String separator = List.of(": ", ":", ":  ", ":\t").get(random.nextInt(4));
    return key + separator + planted.value();
  }

  private static String words(SplittableRandom random, int count) {
    List<String> words = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      words.add(WORDS.get(random.nextInt(WORDS.size())));
    }
    return String.join(" ", words);
  }

  private static CommitInfo commit(String message) {
    return MessageEvidenceTest.commit(
        "Alice", "alice@example.com", "Alice", "alice@example.com", message);
  }
}
