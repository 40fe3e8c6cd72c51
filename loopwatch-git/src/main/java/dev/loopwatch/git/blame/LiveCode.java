package dev.loopwatch.git.blame;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.process.ChildProcess;
import dev.loopwatch.core.progress.Progress;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.repo.ScanWarning;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Live code: how many of the lines present at a revision were last changed by a commit whose AI
 * evidence covers them.
 *
 * <p>Runs one {@code git blame --incremental <commit> -- <path>} per file (see {@link
 * IncrementalBlame} for the format), on virtual threads with at most {@code parallelism} git
 * processes alive at once. Blame follows whole-file renames, so the attribution is asked about the
 * path the file had in the blamed commit. Commits in {@code ignoreRevisions} are passed through one
 * temporary {@code --ignore-revs-file}; their lines go to the commit git's ignore heuristics pick,
 * or stay with the ignored commit when none fits. Any {@code blame.ignoreRevsFile} from the
 * repository's configuration is cleared, so the result depends only on the arguments.
 *
 * <p>Binary files (as git's diff machinery judges them, including {@code binary} and {@code -diff}
 * attributes) are skipped and counted, since blame would count their bytes between newlines as
 * lines.
 */
public final class LiveCode {
  private static final String REGULAR_FILE = "100644";
  private static final String EXECUTABLE_FILE = "100755";

  private LiveCode() {}

  /**
   * Lists the regular files tracked at {@code revision} ({@code git ls-tree -r -z <rev>}), in git's
   * path order. Symbolic links and submodules are left out: they hold no lines of code.
   *
   * @throws LoopwatchException USER_INPUT if {@code revision} names no commit
   */
  public static List<String> trackedFiles(Git git, String revision) {
    requireNonNull(git, "git is null");
    requireNonNull(revision, "revision is null");
    String commit = resolve(git, revision);
    String out = git.run(List.of("ls-tree", "-r", "-z", "--full-tree", commit));
    List<String> files = new ArrayList<>();
    for (String record : out.split("\0")) {
      if (record.isEmpty()) {
        continue;
      }
      int tab = record.indexOf('\t');
      if (tab < 0) {
        throw LoopwatchException.external(
            git.topLevel() + ": git ls-tree printed an odd record: " + record, null);
      }
      String mode = record.substring(0, record.indexOf(' '));
      if (mode.equals(REGULAR_FILE) || mode.equals(EXECUTABLE_FILE)) {
        files.add(record.substring(tab + 1));
      }
    }
    return List.copyOf(files);
  }

  /**
   * Counts the live lines of {@code paths} at {@code revision} by the AI evidence of the commit
   * each was last changed in.
   *
   * @param git the repository
   * @param revision the revision to measure, usually {@code HEAD}
   * @param paths files at the revision, relative to the top level (as {@link #trackedFiles} gives
   *     them; duplicates are measured once); a path missing there becomes a warning
   * @param ignoreRevisions commits whose changes blame looks through (formatting sweeps), in any
   *     form git resolves
   * @param attribution answers, per blamed line, which AI evidence covers it; called from several
   *     threads
   * @param parallelism how many blame processes may run at once, at least 1
   * @param progress advanced by one per file
   * @throws LoopwatchException USER_INPUT if {@code revision} or an ignored revision names no
   *     commit
   */
  public static LiveCodeResult measure(
      Git git,
      String revision,
      List<String> paths,
      Set<String> ignoreRevisions,
      LineAttribution attribution,
      int parallelism,
      Progress progress) {
    requireNonNull(git, "git is null");
    requireNonNull(revision, "revision is null");
    requireNonNull(paths, "paths is null");
    requireNonNull(ignoreRevisions, "ignoreRevisions is null");
    requireNonNull(attribution, "attribution is null");
    requireNonNull(progress, "progress is null");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
    String commit = resolve(git, revision);
    TreeSet<String> ignored = new TreeSet<>();
    for (String ignore : ignoreRevisions) {
      ignored.add(
          git.resolveCommit(ignore)
              .orElseThrow(() ->
                  LoopwatchException.userInput(
                      "ignored revision '" + ignore + "' names no commit")));
    }
    List<String> files = List.copyOf(new TreeSet<>(paths));
    Set<String> binary = binaryFiles(git, commit);

    Path ignoreFile = null;
    try {
      // -C: paths are relative to the top level even when the repository was opened at a folder
      // inside it.
      List<String> blameArgs =
          new ArrayList<>(
              List.of(
                  "-C",
                  git.topLevel().toString(),
                  "blame",
                  "--incremental",
                  "--ignore-revs-file="));
      if (!ignored.isEmpty()) {
        ignoreFile = Files.createTempFile("lw-ignore-revs-", ".txt");
        Files.writeString(ignoreFile, String.join("\n", ignored) + "\n", StandardCharsets.UTF_8);
        blameArgs.add("--ignore-revs-file=" + ignoreFile.toAbsolutePath());
      }
      blameArgs.add(commit);
      blameArgs.add("--");
      return collect(
          commit,
          run(git, List.copyOf(blameArgs), files, binary, attribution, parallelism, progress));
    } catch (IOException e) {
      throw LoopwatchException.external(
          "cannot write the temporary ignore-revs file: " + e.getMessage(), e);
    } finally {
      if (ignoreFile != null) {
        try {
          Files.deleteIfExists(ignoreFile);
        } catch (IOException e) {
          // A leftover temporary file is harmless; the result stands.
        }
      }
    }
  }

  /** The outcome of one file. */
  private sealed interface Outcome {
    /** A blamed file with its per-agent AI line counts. */
    record Measured(LiveFile file, Map<String, Long> agents) implements Outcome {}

    /** A binary file, not blamed. */
    record Binary() implements Outcome {}

    /** A file whose blame failed. */
    record Failed(ScanWarning warning) implements Outcome {}
  }

  private static List<Outcome> run(
      Git git,
      List<String> blameArgs,
      List<String> files,
      Set<String> binary,
      LineAttribution attribution,
      int parallelism,
      Progress progress) {
    Semaphore permits = new Semaphore(parallelism);
    List<Future<Outcome>> futures = new ArrayList<>(files.size());
    try (ExecutorService executor =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("lw-blame-", 0).factory())) {
      for (String path : files) {
        if (binary.contains(path)) {
          progress.advance(1);
          futures.add(CompletableFuture.completedFuture(new Outcome.Binary()));
          continue;
        }
        futures.add(
            executor.submit(() -> {
              permits.acquire();
              try {
                return blame(git, blameArgs, path, attribution);
              } finally {
                permits.release();
                progress.advance(1);
              }
            }));
      }
    }
    List<Outcome> outcomes = new ArrayList<>(futures.size());
    for (Future<Outcome> future : futures) {
      try {
        outcomes.add(future.get());
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        throw new LoopwatchException(
            LoopwatchException.Kind.INTERNAL, "blame worker failed: " + e.getCause(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LoopwatchException(
            LoopwatchException.Kind.INTERNAL, "interrupted while blaming files", e);
      }
    }
    return outcomes;
  }

  private static Outcome blame(
      Git git, List<String> blameArgs, String path, LineAttribution attribution) {
    List<String> args = new ArrayList<>(blameArgs.size() + 1);
    args.addAll(blameArgs);
    args.add(path);
    Counter counter = new Counter(path, attribution);
    try (ChildProcess child = git.start(args)) {
      String problem = null;
      try (InputStream in = child.stdout()) {
        IncrementalBlame.parse(in, counter::add);
      } catch (IOException e) {
        problem = "reading blame output failed: " + e.getMessage();
      } catch (IncrementalBlame.FormatException e) {
        problem = "unreadable blame output: " + e.getMessage();
      }
      int code = child.waitFor();
      if (code != 0) {
        String stderr = child.stderrText();
        String detail =
            stderr.isBlank() ? "exit code " + code : stderr.lines().findFirst().orElse("").strip();
        return failed(path, "git blame failed: " + detail);
      }
      if (problem != null) {
        return failed(path, problem);
      }
      return new Outcome.Measured(counter.file(), counter.agents());
    } catch (UncheckedIOException e) {
      return failed(path, "git blame failed: " + e.getMessage());
    }
  }

  private static Outcome failed(String path, String message) {
    return new Outcome.Failed(new ScanWarning("blame-failed", path, path + ": " + message));
  }

  private static LiveCodeResult collect(String commit, List<Outcome> outcomes) {
    long lines = 0;
    long strong = 0;
    long medium = 0;
    long weak = 0;
    long skipped = 0;
    Map<String, Long> agents = new TreeMap<>();
    List<LiveFile> files = new ArrayList<>();
    List<ScanWarning> warnings = new ArrayList<>();
    for (Outcome outcome : outcomes) {
      switch (outcome) {
        case Outcome.Measured measured -> {
          LiveFile file = measured.file();
          files.add(file);
          lines += file.lines();
          strong += file.strong();
          medium += file.medium();
          weak += file.weak();
          measured.agents().forEach((agent, count) -> agents.merge(agent, count, Long::sum));
        }
        case Outcome.Binary binary -> skipped++;
        case Outcome.Failed failed -> {
          skipped++;
          warnings.add(failed.warning());
        }
      }
    }
    return new LiveCodeResult(
        commit, lines, strong, medium, weak, agents, files, skipped, warnings);
  }

  /**
   * The paths git's diff machinery calls binary at {@code commit}: the {@code -} rows of a numstat
   * against the empty tree. One process for the whole tree; it honours {@code binary} and {@code
   * -diff} attributes.
   */
  static Set<String> binaryFiles(Git git, String commit) {
    String emptyTree = git.run(List.of("hash-object", "-t", "tree", "--stdin")).strip();
    String out =
        git.run(List.of("diff-tree", "-r", "-z", "--numstat", "--no-renames", emptyTree, commit));
    Set<String> binary = new TreeSet<>();
    for (String record : out.split("\0")) {
      if (record.startsWith("-\t-\t")) {
        binary.add(record.substring(4));
      }
    }
    return binary;
  }

  private static String resolve(Git git, String revision) {
    return git.resolveCommit(revision)
        .orElseThrow(
            () -> LoopwatchException.userInput("revision '" + revision + "' names no commit"));
  }

  /** Counts one file's lines as its blame entries arrive. Used by one thread. */
  private static final class Counter {
    private final String path;
    private final LineAttribution attribution;
    private final Map<String, Long> agents = new HashMap<>();
    private long lines;
    private long strong;
    private long medium;
    private long weak;

    Counter(String path, LineAttribution attribution) {
      this.path = path;
      this.attribution = attribution;
    }

    void add(IncrementalBlame.Entry entry) {
      lines += entry.lines();
      for (int line = entry.originalLine(); line < entry.originalLine() + entry.lines(); line++) {
        Optional<Attribution> found =
            attribution.attribute(entry.commit(), entry.originalPath(), line);
        if (found.isEmpty()) {
          continue;
        }
        Attribution attributed = found.get();
        switch (attributed.confidence()) {
          case STRONG -> strong++;
          case MEDIUM -> medium++;
          case WEAK -> weak++;
        }
        agents.merge(attributed.agent(), 1L, Long::sum);
      }
    }

    LiveFile file() {
      return new LiveFile(path, lines, strong, medium, weak);
    }

    Map<String, Long> agents() {
      return new TreeMap<>(agents);
    }
  }
}
