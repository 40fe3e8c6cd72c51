package dev.loopwatch.git.szz;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.git.exclusion.IgnoreRevs;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.szz.SzzResult.Candidate;
import dev.loopwatch.git.szz.SzzResult.Filter;
import dev.loopwatch.git.szz.SzzResult.FilterCount;
import dev.loopwatch.git.szz.SzzResult.LineRef;
import dev.loopwatch.git.szz.SzzResult.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The SZZ algorithm: from a fix commit to the commits that introduced the bug it fixes.
 *
 * <p>B-SZZ (Śliwerski, Zimmermann and Zeller, MSR 2005, as implemented in PySZZ): diff the fix
 * against its first parent ({@code git diff -U0 -M}), take the lines it deleted or modified in
 * files that existed before it, and blame those lines at the parent ({@code git blame --porcelain
 * -L a,b ...}, one process per file); every blamed commit is a candidate. Files the fix added are
 * skipped, and a fix that deletes or modifies nothing is untraceable, never guessed.
 *
 * <p>Refinements, each switchable in {@link SzzOptions} and reported per fix: AG-SZZ (Kim et al.
 * 2006) diffs and blames with {@code -w}, skips comment and blank lines, and re-blames past
 * candidates that touched more than N files with {@code --ignore-rev}; MA-SZZ (da Costa et al.
 * 2017) blames with {@code -M -C} and re-blames past merge commits; commits in {@code
 * .git-blame-ignore-revs} are re-blamed past the same way. Re-blaming repeats until no new commit
 * is excluded; lines that still land on an excluded commit are dropped. Candidates committed after
 * the issue date are dropped without re-blame. Each candidate's confidence is its share of the
 * blamed lines; the R-SZZ pick (Davies et al. 2014) is the most recent remaining candidate.
 *
 * <p>A merge commit given as a fix is diffed against its first parent only; the result says so
 * ({@link SzzResult#mergeFirstParent()}) so callers can warn.
 */
public final class Szz {
  private static final int MAX_ROUNDS = 8;

  private final Git git;
  private final SzzOptions options;
  private final Map<String, Facts> facts = new ConcurrentHashMap<>();

  /** An SZZ run over {@code git} with {@code options}. */
  public Szz(Git git, SzzOptions options) {
    this.git = requireNonNull(git, "git is null");
    this.options = requireNonNull(options, "options is null");
  }

  /**
   * Analyses every fix, {@link SzzOptions#parallelism()} at a time on virtual threads; results in
   * input order.
   *
   * @throws LoopwatchException USER_INPUT naming the first fix or declared commit that names no
   *     commit
   */
  public List<SzzResult> analyzeAll(List<FixRequest> requests) {
    requireNonNull(requests, "requests is null");
    List<String> ids = new ArrayList<>();
    for (FixRequest request : requests) {
      ids.add(request.fix());
      ids.addAll(request.declared());
    }
    Map<String, Optional<String>> resolved = CommitIds.resolve(git, ids);
    for (String id : ids) {
      if (resolved.get(id).isEmpty()) {
        throw unknown(id);
      }
    }
    List<FixRequest> full = new ArrayList<>();
    for (FixRequest request : requests) {
      full.add(
          new FixRequest(
              resolved.get(request.fix()).orElseThrow(),
              request.issueDate(),
              request.declared().stream().map(id -> resolved.get(id).orElseThrow()).toList()));
    }
    Semaphore permits = new Semaphore(options.parallelism());
    List<Future<SzzResult>> futures = new ArrayList<>();
    try (ExecutorService executor =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("lw-git-", 0).factory())) {
      for (FixRequest request : full) {
        futures.add(
            executor.submit(() -> {
              permits.acquire();
              try {
                return analyzeResolved(request);
              } finally {
                permits.release();
              }
            }));
      }
      List<SzzResult> results = new ArrayList<>();
      for (Future<SzzResult> future : futures) {
        results.add(join(future));
      }
      return List.copyOf(results);
    }
  }

  /**
   * Analyses one fix.
   *
   * @throws LoopwatchException USER_INPUT if the fix or a declared commit names no commit
   */
  public SzzResult analyze(FixRequest request) {
    return analyzeAll(List.of(request)).getFirst();
  }

  private SzzResult analyzeResolved(FixRequest request) {
    String fix = request.fix();
    Map<Filter, Integer> dropped = new EnumMap<>(Filter.class);
    for (Filter filter : Filter.values()) {
      dropped.put(filter, 0);
    }
    List<String> parents = factsOf(List.of(fix)).get(fix).parents();
    if (parents.isEmpty()) {
      return finish(
          request,
          Status.UNTRACEABLE,
          "root commit: nothing before it to blame",
          List.of(),
          dropped);
    }
    String parent = parents.getFirst();
    List<FixDiff.FileLines> plain = FixDiff.parse(git.run(FixDiff.command(parent, fix, false)));
    int plainCount = count(plain);
    if (plainCount == 0) {
      return finish(
          request,
          Status.UNTRACEABLE,
          "the fix deletes or modifies no line of an existing file",
          List.of(),
          dropped);
    }
    List<FixDiff.FileLines> files = plain;
    if (options.ignoreWhitespace()) {
      files = FixDiff.parse(git.run(FixDiff.command(parent, fix, true)));
      dropped.put(Filter.WHITESPACE, plainCount - count(files));
    }
    if (options.skipCommentsAndBlank()) {
      List<FixDiff.FileLines> kept = new ArrayList<>();
      int skipped = 0;
      for (FixDiff.FileLines file : files) {
        List<FixDiff.OldLine> lines = new ArrayList<>();
        for (FixDiff.OldLine line : file.lines()) {
          if (CommentLines.blank(line.text())
              || CommentLines.comment(file.oldPath(), line.text())) {
            skipped++;
          } else {
            lines.add(line);
          }
        }
        if (!lines.isEmpty()) {
          kept.add(new FixDiff.FileLines(file.oldPath(), lines));
        }
      }
      dropped.put(Filter.COMMENTS_AND_BLANK, skipped);
      files = kept;
    }
    if (files.isEmpty()) {
      return finish(
          request,
          Status.FILTERED_OUT,
          "every deleted or modified line was whitespace, a comment or blank",
          List.of(),
          dropped);
    }
    Set<String> ignoreRevs =
        options.useIgnoreRevs() ? IgnoreRevs.read(git, parent).revisions() : Set.of();
    Map<String, Filter> excluded = new LinkedHashMap<>();
    List<PorcelainBlame.Line> blamed = new ArrayList<>();
    for (FixDiff.FileLines file : files) {
      blamed.addAll(blameFile(parent, file, ignoreRevs, excluded));
    }
    for (Filter filter : excluded.values()) {
      dropped.merge(filter, 1, Integer::sum);
    }
    List<PorcelainBlame.Line> kept = new ArrayList<>();
    Set<String> late = new TreeSet<>();
    for (PorcelainBlame.Line line : blamed) {
      if (excluded.containsKey(line.commit())) {
        continue;
      }
      if (options.issueDateFilter()
          && request.issueDate().isPresent()
          && Instant.ofEpochSecond(line.committedAt()).isAfter(request.issueDate().get())) {
        late.add(line.commit());
        continue;
      }
      kept.add(line);
    }
    dropped.put(Filter.AFTER_ISSUE_DATE, late.size());
    if (kept.isEmpty() && request.declared().isEmpty()) {
      return finish(
          request,
          Status.FILTERED_OUT,
          "every blamed commit was removed by a filter",
          List.of(),
          dropped);
    }
    return finish(request, Status.FOUND, "", kept, dropped);
  }

  private List<PorcelainBlame.Line> blameFile(
      String parent, FixDiff.FileLines file, Set<String> ignoreRevs, Map<String, Filter> excluded) {
    List<PorcelainBlame.Line> lines = List.of();
    Set<String> judged = new TreeSet<>();
    for (int round = 0; round < MAX_ROUNDS; round++) {
      lines = PorcelainBlame.parse(git.run(blameCommand(parent, file, excluded.keySet())));
      SortedSet<String> fresh = new TreeSet<>();
      for (PorcelainBlame.Line line : lines) {
        if (!excluded.containsKey(line.commit()) && judged.add(line.commit())) {
          fresh.add(line.commit());
        }
      }
      boolean more = false;
      Map<String, Facts> known = needsFacts() ? factsOf(List.copyOf(fresh)) : Map.of();
      for (String commit : fresh) {
        Optional<Filter> filter = exclusion(commit, ignoreRevs, known.get(commit));
        if (filter.isPresent()) {
          excluded.putIfAbsent(commit, filter.get());
          more = true;
        }
      }
      if (!more) {
        break;
      }
    }
    return lines;
  }

  private Optional<Filter> exclusion(String commit, Set<String> ignoreRevs, Facts facts) {
    if (ignoreRevs.contains(commit)) {
      return Optional.of(Filter.IGNORE_REVS);
    }
    if (facts == null) {
      return Optional.empty();
    }
    if (options.skipMetaChanges() && facts.parents().size() > 1) {
      return Optional.of(Filter.META_CHANGES);
    }
    if (options.maxCandidateFiles().isPresent()
        && facts.files() > options.maxCandidateFiles().getAsInt()) {
      return Optional.of(Filter.LARGE_COMMITS);
    }
    return Optional.empty();
  }

  private boolean needsFacts() {
    return options.skipMetaChanges() || options.maxCandidateFiles().isPresent();
  }

  private List<String> blameCommand(String parent, FixDiff.FileLines file, Set<String> ignored) {
    List<String> args = new ArrayList<>(List.of("blame", "--porcelain"));
    if (options.ignoreWhitespace()) {
      args.add("-w");
    }
    if (options.skipMetaChanges()) {
      args.add("-M");
      args.add("-C");
    }
    for (String commit : new TreeSet<>(ignored)) {
      args.add("--ignore-rev");
      args.add(commit);
    }
    int start = -1;
    int end = -1;
    for (FixDiff.OldLine line : file.lines()) {
      if (start >= 0 && line.number() == end + 1) {
        end = line.number();
        continue;
      }
      if (start >= 0) {
        args.add("-L");
        args.add(start + "," + end);
      }
      start = line.number();
      end = line.number();
    }
    args.add("-L");
    args.add(start + "," + end);
    args.add(parent);
    args.add("--");
    args.add(file.oldPath());
    return args;
  }

  private SzzResult finish(
      FixRequest request,
      Status status,
      String detail,
      List<PorcelainBlame.Line> lines,
      Map<Filter, Integer> dropped) {
    Map<String, List<LineRef>> byCommit = new TreeMap<>();
    Map<String, Long> times = new TreeMap<>();
    for (PorcelainBlame.Line line : lines) {
      byCommit
          .computeIfAbsent(line.commit(), key -> new ArrayList<>())
          .add(new LineRef(line.path(), line.originalLine()));
      times.put(line.commit(), line.committedAt());
    }
    Set<String> declared = new LinkedHashSet<>(request.declared());
    List<String> missing = declared.stream().filter(id -> !times.containsKey(id)).toList();
    if (!missing.isEmpty()) {
      for (Map.Entry<String, Facts> entry : factsOf(missing).entrySet()) {
        times.put(entry.getKey(), entry.getValue().committedAt());
        byCommit.putIfAbsent(entry.getKey(), List.of());
      }
    }
    List<Candidate> candidates = new ArrayList<>();
    for (Map.Entry<String, List<LineRef>> entry : byCommit.entrySet()) {
      String commit = entry.getKey();
      candidates.add(
          new Candidate(
              commit,
              Instant.ofEpochSecond(times.get(commit)),
              lines.isEmpty() ? 0 : (double) entry.getValue().size() / lines.size(),
              declared.contains(commit),
              entry.getValue()));
    }
    candidates.sort(
        Comparator.comparing(Candidate::committedAt).reversed().thenComparing(Candidate::commit));
    Status finalStatus = declared.isEmpty() ? status : Status.DECLARED;
    Optional<String> pick =
        finalStatus == Status.DECLARED
            ? Optional.of(request.declared().getFirst())
            : candidates.stream().map(Candidate::commit).findFirst();
    List<FilterCount> filters = new ArrayList<>();
    for (Filter filter : Filter.values()) {
      filters.add(new FilterCount(filter, enabled(filter), dropped.get(filter)));
    }
    List<String> parents = factsOf(List.of(request.fix())).get(request.fix()).parents();
    return new SzzResult(
        request.fix(),
        finalStatus,
        finalStatus == Status.DECLARED ? "declared introducing commits override SZZ" : detail,
        candidates,
        pick,
        filters,
        parents.size() > 1 ? Optional.of(parents.getFirst()) : Optional.empty());
  }

  private boolean enabled(Filter filter) {
    return switch (filter) {
      case WHITESPACE -> options.ignoreWhitespace();
      case COMMENTS_AND_BLANK -> options.skipCommentsAndBlank();
      case IGNORE_REVS -> options.useIgnoreRevs();
      case META_CHANGES -> options.skipMetaChanges();
      case LARGE_COMMITS -> options.maxCandidateFiles().isPresent();
      case AFTER_ISSUE_DATE -> options.issueDateFilter();
    };
  }

  /** Parents, changed-file count and committer time of commits, cached across fixes. */
  private Map<String, Facts> factsOf(List<String> commits) {
    Map<String, Facts> result = new TreeMap<>();
    List<String> wanted = new ArrayList<>();
    for (String commit : commits) {
      Facts known = facts.get(commit);
      if (known != null) {
        result.put(commit, known);
      } else {
        wanted.add(commit);
      }
    }
    if (wanted.isEmpty()) {
      return result;
    }
    String input = String.join("\n", wanted) + "\n";
    String log =
        new String(
            CommitIds.batch(
                git,
                List.of(
                    "log",
                    "--stdin",
                    "--no-walk=unsorted",
                    "-M",
                    "--format=%x00%H %ct %P",
                    "--name-only"),
                input),
            java.nio.charset.StandardCharsets.UTF_8);
    for (String record : log.split("\0")) {
      if (record.isBlank()) {
        continue;
      }
      List<String> recordLines = record.lines().filter(line -> !line.isEmpty()).toList();
      String[] header = recordLines.getFirst().strip().split(" ");
      List<String> parentIds = List.of(header).subList(2, header.length);
      Facts value =
          new Facts(List.copyOf(parentIds), recordLines.size() - 1, Long.parseLong(header[1]));
      facts.put(header[0], value);
      result.put(header[0], value);
    }
    for (String commit : wanted) {
      if (!result.containsKey(commit)) {
        throw LoopwatchException.external(
            git.topLevel() + ": git log gave no record for commit " + commit, null);
      }
    }
    return result;
  }

  private LoopwatchException unknown(String id) {
    return LoopwatchException.userInput(
        git.topLevel() + ": unknown commit '" + id + "' (not in this repository, or ambiguous)");
  }

  private static int count(List<FixDiff.FileLines> files) {
    return files.stream().mapToInt(file -> file.lines().size()).sum();
  }

  private static SzzResult join(Future<SzzResult> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LoopwatchException(LoopwatchException.Kind.INTERNAL, "interrupted running SZZ", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new LoopwatchException(
          LoopwatchException.Kind.INTERNAL, "SZZ failed: " + e.getCause(), e.getCause());
    }
  }

  /** What SZZ needs to know about a commit. */
  private record Facts(List<String> parents, int files, long committedAt) {}
}
