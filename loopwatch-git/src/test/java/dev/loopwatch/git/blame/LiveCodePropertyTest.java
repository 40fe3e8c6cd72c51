package dev.loopwatch.git.blame;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.core.progress.Progress;
import dev.loopwatch.git.evidence.Confidence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays seeded random histories (commits rewriting random line ranges of a few files, adding
 * files and renaming them, some marked as AI) and checks {@link LiveCode#measure} against the line
 * owners the replay tracks itself.
 *
 * <p>Every line's text is unique across the whole history, so git's diff (and so blame) has exactly
 * one longest common subsequence to find and the replay's owners are the only right answer.
 */
class LiveCodePropertyTest {
  private static final List<String> AGENTS =
      List.of("aider", "claude-code", "codex", "copilot", "cursor");

  @TempDir Path folder;

  /** A line of the replayed work tree and where blame should send it. */
  private static final class Line {
    final String text;
    final int commit;
    String originalPath;
    int originalLine;

    Line(String text, int commit) {
      this.text = text;
      this.commit = commit;
    }
  }

  /** How a commit is marked: line-level marks cover only even lines of the commit's version. */
  private record Mark(Confidence confidence, String agent, boolean evenLinesOnly) {
    Optional<Attribution> attribute(int line) {
      return evenLinesOnly && line % 2 != 0
          ? Optional.empty()
          : Optional.of(new Attribution(confidence, agent));
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void measure_randomHistory_matchesReplayedOwners(long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    TestRepo repo = TestRepo.init(folder);
    Map<String, List<Line>> tree = new TreeMap<>();
    List<String> shas = new ArrayList<>();
    Map<String, Mark> marks = new TreeMap<>();
    int[] unique = {0};
    int nextFile = 0;
    int commits = 10 + random.nextInt(8);
    for (int c = 0; c < commits; c++) {
      int commit = c;
      Set<String> touched = new TreeSet<>();
      double action = random.nextDouble();
      if (c == 0 || action < 0.12) {
        int newFiles = c == 0 ? 2 + random.nextInt(3) : 1;
        for (int i = 0; i < newFiles; i++) {
          String path = (random.nextBoolean() ? "src/" : "") + "file " + nextFile++ + ".txt";
          List<Line> lines = new ArrayList<>();
          int count = 1 + random.nextInt(12);
          for (int l = 0; l < count; l++) {
            lines.add(new Line("s" + seed + " c" + commit + " u" + unique[0]++, commit));
          }
          tree.put(path, lines);
          touched.add(path);
        }
      } else if (action < 0.24) {
        String from = List.copyOf(tree.keySet()).get(random.nextInt(tree.size()));
        String to = "moved/file " + nextFile++ + ".txt";
        tree.put(to, tree.remove(from));
        Files.move(
            folder.resolve(from),
            Files.createDirectories(folder.resolve(to).getParent())
                .resolve(folder.resolve(to).getFileName()));
      } else {
        List<String> paths = List.copyOf(tree.keySet());
        int edits = 1 + random.nextInt(2);
        for (int e = 0; e < edits; e++) {
          String path = paths.get(random.nextInt(paths.size()));
          List<Line> lines = tree.get(path);
          int ranges = 1 + random.nextInt(3);
          for (int r = 0; r < ranges; r++) {
            int start = random.nextInt(lines.size() + 1);
            int remove = random.nextInt(Math.min(4, lines.size() - start) + 1);
            int insert = random.nextInt(5);
            if (remove == 0 && insert == 0) {
              insert = 1;
            }
            lines.subList(start, start + remove).clear();
            for (int i = 0; i < insert; i++) {
              lines.add(
                  start + i, new Line("s" + seed + " c" + commit + " u" + unique[0]++, commit));
            }
          }
          if (lines.isEmpty()) {
            lines.add(new Line("s" + seed + " c" + commit + " u" + unique[0]++, commit));
          }
          touched.add(path);
        }
      }
      for (String path : touched) {
        List<Line> lines = tree.get(path);
        for (int i = 0; i < lines.size(); i++) {
          if (lines.get(i).commit == commit) {
            lines.get(i).originalPath = path;
            lines.get(i).originalLine = i + 1;
          }
        }
        repo.writeLines(path, lines.stream().map(line -> line.text).toList());
      }
      String sha = repo.commit("commit " + commit);
      shas.add(sha);
      double kind = random.nextDouble();
      String agent = AGENTS.get(random.nextInt(AGENTS.size()));
      if (kind < 0.2) {
        marks.put(sha, new Mark(Confidence.STRONG, agent, true));
      } else if (kind < 0.4) {
        marks.put(sha, new Mark(Confidence.MEDIUM, agent, false));
      } else if (kind < 0.5) {
        marks.put(sha, new Mark(Confidence.WEAK, agent, false));
      }
    }

    Set<String> expectedAsked = new TreeSet<>();
    Map<String, Long> expectedAgents = new TreeMap<>();
    List<LiveFile> expectedFiles = new ArrayList<>();
    for (Map.Entry<String, List<Line>> file : tree.entrySet()) {
      long[] byConfidence = new long[3];
      for (Line line : file.getValue()) {
        String sha = shas.get(line.commit);
        expectedAsked.add(sha + ":" + line.originalPath + ":" + line.originalLine);
        Mark mark = marks.get(sha);
        Optional<Attribution> attribution =
            mark == null ? Optional.empty() : mark.attribute(line.originalLine);
        attribution.ifPresent(found -> {
          byConfidence[found.confidence().ordinal()]++;
          expectedAgents.merge(found.agent(), 1L, Long::sum);
        });
      }
      expectedFiles.add(
          new LiveFile(
              file.getKey(),
              file.getValue().size(),
              byConfidence[0],
              byConfidence[1],
              byConfidence[2]));
    }
    Set<String> asked = new ConcurrentSkipListSet<>();
    LineAttribution attribution =
        (commit, path, line) -> {
          asked.add(commit + ":" + path + ":" + line);
          Mark mark = marks.get(commit);
          return mark == null ? Optional.empty() : mark.attribute(line);
        };
    int parallelism = 1 + random.nextInt(4);

    var git = repo.open();
    LiveCodeResult result =
        LiveCode.measure(
            git,
            "HEAD",
            LiveCode.trackedFiles(git, "HEAD"),
            Set.of(),
            attribution,
            parallelism,
            Progress.silent());

    String description = "seed " + seed + ", " + commits + " commits, parallelism " + parallelism;
    assertThat(result.files()).as(description).containsExactlyInAnyOrderElementsOf(expectedFiles);
    assertThat(asked).as(description).isEqualTo(expectedAsked);
    assertThat(result.linesByAgent()).as(description).isEqualTo(expectedAgents);
    assertThat(result.lines())
        .as(description)
        .isEqualTo(expectedFiles.stream().mapToLong(LiveFile::lines).sum());
    assertThat(result.strong() + result.medium() + result.weak())
        .as(description)
        .isEqualTo(expectedAgents.values().stream().mapToLong(Long::longValue).sum());
    assertThat(result.warnings()).as(description).isEmpty();
    assertThat(result.skippedFiles()).as(description).isZero();
  }
}
