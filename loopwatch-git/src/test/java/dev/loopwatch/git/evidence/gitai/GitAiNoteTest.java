package dev.loopwatch.git.evidence.gitai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.git.evidence.Confidence;
import dev.loopwatch.git.evidence.Evidence;
import dev.loopwatch.git.evidence.FileLines;
import dev.loopwatch.git.evidence.RangeSet;
import dev.loopwatch.git.evidence.gitai.GitAiNote.Entry;
import dev.loopwatch.git.evidence.gitai.GitAiNote.FileAttestation;
import dev.loopwatch.git.evidence.gitai.GitAiNote.KeyKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GitAiNoteTest {
  static final String SESSION_A1 = "s_c9883b05a2487d::t_9f8e7d6c5b4a32";
  static final String SESSION_A2 = "s_c9883b05a2487d::t_a1b2c3d4e5f678";
  static final String SESSION_B = "s_e7f2a90b31cc48::t_deadbeef012345";
  static final String HUMAN = "h_31dce776f88375";
  static final String LEGACY = "abcd1234abcd1234";
  static final String SHORT = "abc1234";

  static final String MIXED_NOTE =
      """
      src/main.rs
        %s 1-10,15-20
        %s 25,30-35
        %s 42-50
      src/lib.rs
        %s 1-50
        %s 60-61
      "docs/my notes.md"
        %s 3-4
      ---
      {
        "schema_version": "authorship/3.0.0",
        "git_ai_version": "1.4.5",
        "base_commit_sha": "7734793b756b3921c88db5375a8c156e9532447b",
        "prompts": {
          "abcd1234abcd1234": {
            "agent_id": {"tool": "cursor", "id": "old_session_id", "model": "gpt-4"},
            "human_author": "Developer <dev@example.com>",
            "total_additions": 50, "total_deletions": 2, "accepted_lines": 48, "overriden_lines": 1
          },
          "abc1234": {"agent_id": {"tool": "cursor", "id": "older", "model": "gpt-3.5"},
            "total_additions": 2, "total_deletions": 0, "accepted_lines": 2, "overriden_lines": 0}
        },
        "humans": {"h_31dce776f88375": {"author": "Developer <dev@example.com>"}},
        "sessions": {
          "s_c9883b05a2487d": {
            "agent_id": {"tool": "cursor", "id": "6ef2299e", "model": "claude-sonnet-4-5-20250514"},
            "human_author": "dev@example.com"
          },
          "s_e7f2a90b31cc48": {
            "agent_id": {"tool": "claude", "id": "conv_abc123", "model": "claude-opus-4-5"},
            "custom_attributes": {"team": "backend"}
          }
        }
      }
      """
          .formatted(SESSION_A1, SESSION_A2, HUMAN, LEGACY, SESSION_B, SHORT);

  static RangeSet ranges(int... bounds) {
    RangeSet.Builder builder = RangeSet.builder();
    for (int i = 0; i < bounds.length; i += 2) {
      builder.add(bounds[i], bounds[i + 1]);
    }
    return builder.build();
  }

  static FileLines lines(String path, RangeSet set, String agent, String model, String detail) {
    return new FileLines(
        path,
        set,
        new Evidence(
            "git-ai-note",
            Confidence.STRONG,
            agent,
            model == null ? Optional.empty() : Optional.of(model),
            "refs/notes/ai",
            detail));
  }

  static String metadata(String sessions, String prompts) {
    return "{\"schema_version\":\"authorship/3.0.0\",\"base_commit_sha\":\"abc\",\"prompts\":{"
        + prompts
        + "},\"sessions\":{"
        + sessions
        + "}}";
  }

  @Test
  void parse_everyKeyKind_readsEntriesInNoteOrder() {
    GitAiNote note = GitAiNote.parse(MIXED_NOTE);

    assertThat(note.files())
        .containsExactly(
            new FileAttestation(
                "src/main.rs",
                List.of(
                    new Entry(SESSION_A1, KeyKind.SESSION, ranges(1, 10, 15, 20)),
                    new Entry(SESSION_A2, KeyKind.SESSION, ranges(25, 25, 30, 35)),
                    new Entry(HUMAN, KeyKind.HUMAN, ranges(42, 50)))),
            new FileAttestation(
                "src/lib.rs",
                List.of(
                    new Entry(LEGACY, KeyKind.PROMPT, ranges(1, 50)),
                    new Entry(SESSION_B, KeyKind.SESSION, ranges(60, 61)))),
            new FileAttestation(
                "docs/my notes.md", List.of(new Entry(SHORT, KeyKind.SHORT_PROMPT, ranges(3, 4)))));
    assertThat(note.files().getFirst().lines(SESSION_A2)).contains(ranges(25, 25, 30, 35));
    assertThat(note.files().getFirst().lines(SESSION_B)).isEmpty();
  }

  @Test
  void parse_metadata_readsSessionsPromptsAndHumans() {
    GitAiNote.Metadata metadata = GitAiNote.parse(MIXED_NOTE).metadata();

    assertThat(metadata.schemaVersion()).isEqualTo("authorship/3.0.0");
    assertThat(metadata.gitAiVersion()).contains("1.4.5");
    assertThat(metadata.baseCommitSha()).isEqualTo("7734793b756b3921c88db5375a8c156e9532447b");
    assertThat(metadata.sessions().keySet())
        .containsExactly("s_c9883b05a2487d", "s_e7f2a90b31cc48");
    assertThat(metadata.sessions().get("s_c9883b05a2487d"))
        .isEqualTo(
            new GitAiNote.Session(
                "cursor",
                Optional.of("claude-sonnet-4-5-20250514"),
                Optional.of("6ef2299e"),
                Optional.of("dev@example.com")));
    assertThat(metadata.sessions().get("s_e7f2a90b31cc48").humanAuthor()).isEmpty();
    assertThat(metadata.prompts().get(LEGACY))
        .isEqualTo(
            new GitAiNote.Prompt(
                "cursor",
                Optional.of("gpt-4"),
                Optional.of("old_session_id"),
                Optional.of("Developer <dev@example.com>"),
                50,
                2,
                48,
                1));
    assertThat(metadata.prompts().get(SHORT).model()).contains("gpt-3.5");
    assertThat(metadata.humans())
        .containsExactly(Map.entry(HUMAN, new GitAiNote.Human("Developer <dev@example.com>")));
  }

  @Test
  void aiLines_mixedNote_groupsByPathAgentAndModel() {
    List<FileLines> ai = GitAiNote.parse(MIXED_NOTE).aiLines();

    assertThat(ai)
        .containsExactly(
            lines("docs/my notes.md", ranges(3, 4), "cursor", "gpt-3.5", SHORT),
            lines("src/lib.rs", ranges(60, 61), "claude-code", "claude-opus-4-5", SESSION_B),
            lines("src/lib.rs", ranges(1, 50), "cursor", "gpt-4", LEGACY),
            lines(
                "src/main.rs",
                ranges(1, 10, 15, 20, 25, 25, 30, 35),
                "cursor",
                "claude-sonnet-4-5-20250514",
                SESSION_A1 + "," + SESSION_A2));
    assertThat(ai.get(3).lines().count()).isEqualTo(23);
    assertThat(ai.stream().mapToLong(f -> f.lines().count()).sum()).isEqualTo(2 + 2 + 50 + 23);
  }

  @Test
  void parse_quotedPaths_decodesSpacesUnicodeEscapesAndRawNewlines() {
    String note =
        "\"src/my file.rs\"\n  abc1234 1-3\n"
            + "\"docs/naïve café.md\"\n  abc1234 7\n"
            + "src/日本語/ファイル.rs\n  abc1234 2-4\n"
            + "\"tab\\there.txt\"\n  abc1234 5\n"
            + "\"line\nbreak.txt\"\n  abc1234 9\n"
            + "\"esc \\\"q\\\" \\\\ back.txt\"\n  abc1234 1\n"
            + "---\n"
            + metadata("", "");

    GitAiNote parsed = GitAiNote.parse(note);

    assertThat(parsed.files())
        .extracting(FileAttestation::path)
        .containsExactly(
            "src/my file.rs",
            "docs/naïve café.md",
            "src/日本語/ファイル.rs",
            "tab\there.txt",
            "line\nbreak.txt",
            "esc \"q\" \\ back.txt");
    assertThat(parsed.files())
        .extracting(f -> f.entries().getFirst().lines().toString())
        .containsExactly("1-3", "7", "2-4", "5", "9", "1");
  }

  @Test
  void parse_overlappingAndRepeatedRanges_merges() {
    String note =
        "src/a.rs\n  abcd1234abcd1234 10,1-5,3-8,9,20-20\n  h_0123456789abcd 40\n"
            + "src/b.rs\n  abcd1234abcd1234 1\n"
            + "src/a.rs\n  abcd1234abcd1234 30,21\n  0000000000000001 100-101\n"
            + "---\n"
            + metadata(
                "",
                "\"abcd1234abcd1234\":{\"agent_id\":{\"tool\":\"codex\",\"id\":\"x\",\"model\":\"gpt-5\"}}");

    GitAiNote parsed = GitAiNote.parse(note);

    assertThat(parsed.files()).hasSize(2);
    FileAttestation a = parsed.files().getFirst();
    assertThat(a.entries())
        .extracting(Entry::key)
        .containsExactly("abcd1234abcd1234", "h_0123456789abcd", "0000000000000001");
    assertThat(a.lines("abcd1234abcd1234")).contains(ranges(1, 10, 20, 21, 30, 30));
    assertThat(parsed.aiLines())
        .containsExactly(
            lines("src/a.rs", ranges(1, 10, 20, 21, 30, 30), "codex", "gpt-5", "abcd1234abcd1234"),
            lines("src/a.rs", ranges(100, 101), "unknown", null, "0000000000000001"),
            lines("src/b.rs", ranges(1, 1), "codex", "gpt-5", "abcd1234abcd1234"));
  }

  @Test
  void aiLines_humanOnlyNote_isEmpty() {
    GitAiNote note = GitAiNote.parse("src/a.rs\n  " + HUMAN + " 1-100\n---\n" + metadata("", ""));

    assertThat(note.files()).hasSize(1);
    assertThat(note.aiLines()).isEmpty();
  }

  @Test
  void parse_noAttestations_isEmpty() {
    GitAiNote note = GitAiNote.parse("---\n" + metadata("", ""));

    assertThat(note.files()).isEmpty();
    assertThat(note.aiLines()).isEmpty();
  }

  @Test
  void aiLines_unknownToolsAndMissingMetadata_unknownAgentWithToolInDetail() {
    String note =
        "src/a.rs\n  s_00000000000001::t_00000000000001 1-2\n  s_00000000000002::t_00000000000002 3\n"
            + "  s_00000000000003::t_00000000000003 9\n"
            + "---\n"
            + metadata(
                "\"s_00000000000001\":{\"agent_id\":{\"tool\":\"droid\",\"id\":\"1\",\"model\":\"glm\"}},"
                    + "\"s_00000000000002\":{\"agent_id\":{\"tool\":\"opencode\",\"id\":\"2\",\"model\":\"glm\"}}",
                "");

    assertThat(GitAiNote.parse(note).aiLines())
        .containsExactly(
            lines("src/a.rs", ranges(9, 9), "unknown", null, "s_00000000000003::t_00000000000003"),
            lines(
                "src/a.rs",
                ranges(1, 3),
                "unknown",
                "glm",
                "s_00000000000001::t_00000000000001,s_00000000000002::t_00000000000002 tool=droid,opencode"));
  }

  static Stream<Arguments> malformedNotes() {
    String good = metadata("", "");
    return Stream.of(
        Arguments.of(
            "src/a.rs\n  abcd1234abcd1234 1-2\n",
            "line 2: note ends without the '---' line that separates attestations from metadata"),
        Arguments.of(
            "src/a.rs\n  abcd1234abcd1234 1,5-3\n---\n" + good,
            "line 2: bad line range '5-3': end is before start"),
        Arguments.of(
            "src/a.rs\n  abcd1234abcd1234 0\n---\n" + good,
            "line 2: bad line range '0': lines are numbered from 1"),
        Arguments.of(
            "src/a.rs\n  abcd1234abcd1234 a-b\n---\n" + good,
            "line 2: bad line range 'a-b': expected a line number or a-b"),
        Arguments.of(
            "src/a.rs\n  abcd1234abcd1234 1,,3\n---\n" + good,
            "line 2: bad line range '': expected a line number or a-b"),
        Arguments.of(
            "src/a.rs\n  abcd1234abcd1234 1\n  z_0123456789abcd 4\n---\n" + good,
            "line 3: unknown attestation key 'z_0123456789abcd' (expected s_<14 hex>::t_<14 hex>, h_<14 hex>, or 16 or 7"
                + " hex digits)"),
        Arguments.of(
            "  abcd1234abcd1234 1\n---\n" + good,
            "line 1: entry 'abcd1234abcd1234 1' comes before any file path"),
        Arguments.of(
            "src/a.rs\n abcd1234abcd1234 1\n---\n" + good,
            "line 2: entry must be indented by exactly two spaces"),
        Arguments.of(
            "src/a.rs\n   abcd1234abcd1234 1\n---\n" + good,
            "line 2: entry must be indented by exactly two spaces"),
        Arguments.of(
            "src/a.rs\n  abcd1234abcd1234\n---\n" + good,
            "line 2: entry 'abcd1234abcd1234' has no line ranges"),
        Arguments.of(
            "src/a.rs\n  abcd1234abcd1234 1\n---\n{\n  \"schema_version\": \"authorship/3.0.0\",\n  oops\n}",
            "line 6: metadata is not valid JSON: "),
        Arguments.of(
            "---\n{\"base_commit_sha\":\"x\",\"prompts\":{}}",
            "line 2: metadata field 'schema_version' is missing"),
        Arguments.of(
            "---\n{\"schema_version\":\"authorship/2.0.0\",\"base_commit_sha\":\"x\",\"prompts\":{}}",
            "line 2: unsupported schema_version 'authorship/2.0.0' (expected authorship/3.x)"),
        Arguments.of(
            "---\n{\"schema_version\":\"authorship/3.0.0\",\"base_commit_sha\":\"x\"}",
            "line 2: metadata field 'prompts' is missing"),
        Arguments.of("a\n---\n[1]", "line 3: metadata is not a JSON object"),
        Arguments.of(
            "src/a.rs\n  abcd1234abcd1234 1\n---\n",
            "line 3: no JSON metadata after the '---' line"),
        Arguments.of(
            "---\n" + metadata("\"s_0123456789abcd\":{\"human_author\":\"x\"}", ""),
            "line 2: metadata field 'sessions.s_0123456789abcd.agent_id' is missing"),
        Arguments.of(
            "---\n"
                + metadata(
                    "",
                    "\"abcd1234abcd1234\":{\"agent_id\":{\"tool\":\"cursor\"},\"total_additions\":\"many\"}"),
            "line 2: metadata field 'prompts.abcd1234abcd1234.total_additions' is not a count"),
        Arguments.of(
            "\"src/a b.rs\n  abcd1234abcd1234 1\n---\n" + good,
            "line 1: quoted file path has no closing quote"),
        Arguments.of(
            "\"src/a b.rs\" x\n  abcd1234abcd1234 1\n---\n" + good,
            "line 1: text after the closing quote of a file path"),
        Arguments.of(
            "just some commit note text\n",
            "line 1: note ends without the '---' line that separates attestations from metadata"));
  }

  @ParameterizedTest
  @MethodSource("malformedNotes")
  void parse_malformedNote_throwsNamingLine(String text, String message) {
    assertThatThrownBy(() -> GitAiNote.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void keyKind_ofEachForm_classifies() {
    assertThat(KeyKind.of(SESSION_A1)).contains(KeyKind.SESSION);
    assertThat(KeyKind.of(HUMAN)).contains(KeyKind.HUMAN);
    assertThat(KeyKind.of(LEGACY)).contains(KeyKind.PROMPT);
    assertThat(KeyKind.of(SHORT)).contains(KeyKind.SHORT_PROMPT);
    assertThat(KeyKind.of("s_c9883b05a2487d")).isEmpty();
    assertThat(KeyKind.of("abcd1234")).isEmpty();
    assertThat(KeyKind.of("ghijklmnopqrstuv")).isEmpty();
    assertThat(KeyKind.HUMAN.ai()).isFalse();
    assertThat(KeyKind.SHORT_PROMPT.ai()).isTrue();
  }

  /** A random note, written the way git-ai writes one, and the ranges the parser must read back. */
  record Generated(
      String text, Map<String, Map<String, RangeSet>> expected, Map<String, RangeSet> expectedAi) {}

  static Generated generate(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String[] segments = {
      "src", "a b", "naïve", "日本", "tab\there", "x-y", "Main.java", "new\nline", "lib", "é"
    };
    String[] tools = {
      "cursor", "claude", "windsurf", "copilot", "gemini", "codex", "amp", "droid", "pi", "opencode"
    };
    Map<String, Map<String, RangeSet>> expected = new LinkedHashMap<>();
    Map<String, RangeSet> expectedAi = new LinkedHashMap<>();
    StringBuilder text = new StringBuilder();
    StringBuilder sessions = new StringBuilder();
    StringBuilder prompts = new StringBuilder();
    int files = 1 + random.nextInt(6);
    for (int f = 0; f < files; f++) {
      String path;
      do {
        int depth = 1 + random.nextInt(3);
        List<String> parts = new ArrayList<>();
        for (int d = 0; d < depth; d++) {
          parts.add(segments[random.nextInt(segments.length)]);
        }
        path = String.join("/", parts) + "." + f;
      } while (expected.containsKey(path));
      boolean quote = path.contains(" ") || path.contains("\t") || path.contains("\n");
      text.append(quote ? "\"" + path + "\"" : path).append('\n');
      Map<String, RangeSet> entries = new LinkedHashMap<>();
      RangeSet ai = RangeSet.empty();
      int keys = 1 + random.nextInt(5);
      for (int k = 0; k < keys; k++) {
        int kind = random.nextInt(4);
        String key =
            switch (kind) {
              case 0 -> "s_" + hex(random, 14) + "::t_" + hex(random, 14);
              case 1 -> "h_" + hex(random, 14);
              case 2 -> hex(random, 16);
              default -> hex(random, 7);
            };
        if (entries.containsKey(key)) {
          continue;
        }
        RangeSet.Builder builder = RangeSet.builder();
        List<String> written = new ArrayList<>();
        int count = 1 + random.nextInt(6);
        for (int r = 0; r < count; r++) {
          int start = 1 + random.nextInt(500);
          int end = start + (random.nextBoolean() ? 0 : random.nextInt(30));
          builder.add(start, end);
          written.add(start == end ? Integer.toString(start) : start + "-" + end);
        }
        RangeSet set = builder.build();
        entries.put(key, set);
        text.append("  ").append(key).append(' ').append(String.join(",", written)).append('\n');
        String tool = tools[random.nextInt(tools.length)];
        String record =
            "{\"agent_id\":{\"tool\":\""
                + tool
                + "\",\"id\":\"c"
                + k
                + "\",\"model\":\"m"
                + random.nextInt(2)
                + "\"}}";
        if (kind == 0) {
          sessions
              .append(sessions.isEmpty() ? "" : ",")
              .append('"')
              .append(key, 0, 16)
              .append("\":")
              .append(record);
        } else if (kind >= 2) {
          prompts
              .append(prompts.isEmpty() ? "" : ",")
              .append('"')
              .append(key)
              .append("\":")
              .append(record);
        }
        if (kind != 1) {
          ai = ai.union(set);
        }
      }
      expected.put(path, entries);
      expectedAi.put(path, ai);
    }
    text.append("---\n").append(metadata(sessions.toString(), prompts.toString())).append('\n');
    return new Generated(text.toString(), expected, expectedAi);
  }

  static String hex(SplittableRandom random, int digits) {
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < digits; i++) {
      hex.append("0123456789abcdef".charAt(random.nextInt(16)));
    }
    return hex.toString();
  }

  @ParameterizedTest
  @ValueSource(
      longs = {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 42, 1234, 99991
      })
  void parse_randomWrittenNote_readsBackIdenticalRanges(long seed) {
    Generated generated = generate(seed);

    GitAiNote note = GitAiNote.parse(generated.text());

    Map<String, Map<String, RangeSet>> actual = new LinkedHashMap<>();
    for (FileAttestation file : note.files()) {
      Map<String, RangeSet> entries = new LinkedHashMap<>();
      file.entries().forEach(e -> entries.put(e.key(), e.lines()));
      actual.put(file.path(), entries);
    }
    assertThat(actual).as("seed %d", seed).containsExactlyEntriesOf(generated.expected());
    Map<String, RangeSet> ai = new LinkedHashMap<>();
    generated.expected().keySet().forEach(path -> ai.put(path, RangeSet.empty()));
    for (FileLines lines : note.aiLines()) {
      ai.merge(lines.path(), lines.lines(), RangeSet::union);
    }
    assertThat(ai).as("seed %d", seed).containsExactlyEntriesOf(generated.expectedAi());
  }
}
