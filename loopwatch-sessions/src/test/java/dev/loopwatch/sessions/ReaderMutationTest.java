package dev.loopwatch.sessions;

import static dev.loopwatch.sessions.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.sessions.aider.AiderReader;
import dev.loopwatch.sessions.claude.ClaudeCodeReader;
import dev.loopwatch.sessions.codex.CodexReader;
import dev.loopwatch.sessions.copilot.CopilotReader;
import dev.loopwatch.sessions.gemini.GeminiReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property: seeded random mutations of fixture lines (truncation, byte flips, dropped fields, wrong
 * types) never make a reader throw; every line that is no longer a JSON object (or lost its type)
 * is reported with its file and line, and no untouched line is.
 */
class ReaderMutationTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void claudeReader_mutatedLines_neverThrowsAndReportsEveryBadLine(long seed) throws IOException {
    check(seed, resource("claude/projects"), root -> new ClaudeCodeReader().read(root));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void codexReader_mutatedLines_neverThrowsAndReportsEveryBadLine(long seed) throws IOException {
    check(seed, resource("codex"), root -> new CodexReader().read(root));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void claudeReader_mutatedRewindFixture_neverThrowsAndReportsEveryBadLine(long seed)
      throws IOException {
    check(seed, resource("claude-rewind/projects"), root -> new ClaudeCodeReader().read(root));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void copilotReader_mutatedLines_neverThrowsAndReportsEveryBadLine(long seed) throws IOException {
    check(seed, resource("copilot"), root -> new CopilotReader().read(root));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void geminiReader_mutatedFiles_neverThrowsAndReportsOnlyMutatedLines(long seed)
      throws IOException {
    checkWholeFiles(seed, resource("gemini"), root -> new GeminiReader().read(root));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void aiderReader_mutatedFiles_neverThrows(long seed) throws IOException {
    checkWholeFiles(seed, resource("aider"), root -> new AiderReader().read(root));
  }

  /**
   * Mutates whole files (truncation at a random byte, byte flips, dropped lines) of formats whose
   * lines are not all typed JSON objects; the reader must not throw, must keep every malformed
   * report inside a mutated file, and must report a {@code .jsonl} line that is no JSON object.
   */
  private void checkWholeFiles(long seed, Path fixtures, Function<Path, ReadResult> reader)
      throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    Path root = dir.resolve("copy");
    TreeSet<String> mutatedFiles = new TreeSet<>();
    TreeSet<String> mustReport = new TreeSet<>();
    List<Path> sources;
    try (Stream<Path> walk = Files.walk(fixtures)) {
      sources = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path source : sources) {
      Path target = root.resolve(fixtures.relativize(source).toString());
      Files.createDirectories(target.getParent());
      byte[] bytes = Files.readAllBytes(source);
      if (random.nextInt(3) == 0) {
        Files.write(target, bytes);
        continue;
      }
      mutatedFiles.add(target.toString());
      byte[] out =
          switch (random.nextInt(3)) {
            case 0 -> java.util.Arrays.copyOf(bytes, random.nextInt(Math.max(1, bytes.length)));
            case 1 -> {
              for (int flips = 1 + random.nextInt(8); flips > 0 && bytes.length > 0; flips--) {
                int at = random.nextInt(bytes.length);
                bytes[at] = (byte) (bytes[at] ^ (1 << random.nextInt(8)));
              }
              yield bytes;
            }
            default -> {
              List<String> lines =
                  new ArrayList<>(List.of(new String(bytes, StandardCharsets.UTF_8).split("\n")));
              if (!lines.isEmpty()) {
                lines.remove(random.nextInt(lines.size()));
              }
              yield String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
            }
          };
      Files.write(target, out);
      if (target.toString().endsWith(".jsonl")) {
        String[] lines = new String(out, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
          if (!lines[i].isBlank() && !isObject(lines[i])) {
            mustReport.add(target + ":" + (i + 1));
          }
        }
      }
    }
    ReadResult result = reader.apply(root);
    TreeSet<String> reportedFiles = new TreeSet<>();
    TreeSet<String> reported = new TreeSet<>();
    for (Malformed malformed : result.malformed()) {
      reportedFiles.add(malformed.file().toString());
      reported.add(malformed.file() + ":" + malformed.line());
    }
    assertThat(mutatedFiles)
        .as("seed %d: only mutated files reported", seed)
        .containsAll(reportedFiles);
    assertThat(reported).as("seed %d: reported bad lines", seed).containsAll(mustReport);
  }

  private static boolean isObject(String line) {
    try {
      JsonNode node = MAPPER.readTree(line);
      return node != null && node.isObject() && trailingFree(line);
    } catch (IOException e) {
      return false;
    }
  }

  private void check(long seed, Path fixtures, Function<Path, ReadResult> reader)
      throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    Path root = dir.resolve("copy");
    TreeSet<String> mustReport = new TreeSet<>();
    TreeSet<String> mutated = new TreeSet<>();
    List<Path> sources;
    try (Stream<Path> walk = Files.walk(fixtures)) {
      sources = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path source : sources) {
      Path target = root.resolve(fixtures.relativize(source).toString());
      Files.createDirectories(target.getParent());
      if (!source.toString().endsWith(".jsonl")) {
        Files.copy(source, target);
        continue;
      }
      List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
      List<byte[]> out = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        String where = target + ":" + (i + 1);
        if (!parsesWithType(line)) {
          mustReport.add(where);
          mutated.add(where);
        }
        if (random.nextInt(4) == 0) {
          byte[] bytes = mutate(line, random);
          String text = new String(bytes, StandardCharsets.UTF_8);
          mutated.add(where);
          if (!text.isBlank() && !parsesWithType(text)) {
            mustReport.add(where);
          }
          out.add(bytes);
        } else {
          out.add(line.getBytes(StandardCharsets.UTF_8));
        }
      }
      try (var stream = Files.newOutputStream(target)) {
        for (Iterator<byte[]> it = out.iterator(); it.hasNext(); ) {
          stream.write(it.next());
          if (it.hasNext() || random.nextBoolean()) {
            stream.write('\n');
          }
        }
      }
    }
    ReadResult result = reader.apply(root);
    TreeSet<String> reported = new TreeSet<>();
    for (Malformed malformed : result.malformed()) {
      reported.add(malformed.file() + ":" + malformed.line());
    }
    assertThat(reported).as("seed %d: reported bad lines", seed).containsAll(mustReport);
    assertThat(mutated).as("seed %d: only mutated lines reported", seed).containsAll(reported);
  }

  private static boolean parsesWithType(String line) {
    try {
      JsonNode node = MAPPER.readTree(line);
      if (node == null || !node.isObject()) {
        return false;
      }
      JsonNode type = node.get("type");
      return type != null && type.isTextual() && !type.textValue().isEmpty() && trailingFree(line);
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean trailingFree(String line) {
    try (var parser = MAPPER.createParser(line)) {
      parser.readValueAsTree();
      return parser.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }

  private static byte[] mutate(String line, SplittableRandom random) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    switch (random.nextInt(5)) {
      case 0 -> {
        return java.util.Arrays.copyOf(bytes, bytes.length == 0 ? 0 : random.nextInt(bytes.length));
      }
      case 1 -> {
        for (int flips = 1 + random.nextInt(4); flips > 0 && bytes.length > 0; flips--) {
          int at = random.nextInt(bytes.length);
          bytes[at] = (byte) (bytes[at] ^ (1 << random.nextInt(8)));
          if (bytes[at] == '\n' || bytes[at] == '\r') {
            bytes[at] = 'x';
          }
        }
        return bytes;
      }
      default -> {
        try {
          JsonNode node = MAPPER.readTree(line);
          if (node instanceof ObjectNode object) {
            scramble(object, random, random.nextInt(3));
            return MAPPER.writeValueAsBytes(object);
          }
        } catch (IOException e) {
          return bytes;
        }
        return bytes;
      }
    }
  }

  /** Drops fields (mode 0), gives them wrong types (1) or nulls (2), recursively. */
  private static void scramble(ObjectNode object, SplittableRandom random, int mode) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      JsonNode value = object.get(name);
      if (value instanceof ObjectNode child && random.nextBoolean()) {
        scramble(child, random, mode);
        continue;
      }
      if (random.nextInt(3) != 0) {
        continue;
      }
      switch (mode) {
        case 0 -> object.remove(name);
        case 1 ->
            object.set(
                name,
                value.isTextual()
                    ? MAPPER.getNodeFactory().numberNode(random.nextLong())
                    : MAPPER.getNodeFactory().textNode("wrong"));
        default -> object.putNull(name);
      }
    }
  }
}
