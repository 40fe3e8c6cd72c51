package dev.loopwatch.git.provenance;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.process.ChildProcess;
import dev.loopwatch.core.progress.Progress;
import dev.loopwatch.git.evidence.Confidence;
import dev.loopwatch.git.evidence.Evidence;
import dev.loopwatch.git.evidence.FileLines;
import dev.loopwatch.git.evidence.gitai.GitAiNotes;
import dev.loopwatch.git.evidence.message.BranchPrefixEvidence;
import dev.loopwatch.git.evidence.message.MessageEvidence;
import dev.loopwatch.git.evidence.trace.AgentTraces;
import dev.loopwatch.git.identity.Engineers;
import dev.loopwatch.git.identity.Identity;
import dev.loopwatch.git.identity.IdentityKind;
import dev.loopwatch.git.identity.IdentityTable;
import dev.loopwatch.git.log.CommitInfo;
import dev.loopwatch.git.log.CommitLogReader;
import dev.loopwatch.git.log.FileStat;
import dev.loopwatch.git.log.NumstatReader;
import dev.loopwatch.git.repo.Git;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Mines one repository's merged changes and the AI evidence behind them, streaming.
 *
 * <p>Passes: (1) {@code git log} over every commit of the range, metadata and messages only,
 * feeding the commit graph and the message detectors; (2) git-ai notes and Agent Trace records,
 * read alongside; (3) the numstat of the few commits off the chain that carry change-level
 * evidence; (4) {@code git log --first-parent --numstat --diff-merges=first-parent}, the one
 * expensive pass, whose changes are credited and handed to the sink one by one. Pass (4) is the
 * floor of a scan's time: its git processes start first and stream, one per core over segments of
 * the chain ({@link SegmentedNumstat}), read ahead while passes (1) to (3) run, so those cost no
 * time of their own on a machine with a core to spare.
 */
public final class ProvenanceMiner {
  /**
   * The options of the first-parent numstat pass over the chain, the floor every scan is measured
   * by (its revisions and pathspec follow).
   */
  static final List<String> CHAIN_OPTIONS =
      List.of(
          "log",
          "--first-parent",
          "-z",
          "--numstat",
          "--diff-merges=first-parent",
          "-M",
          "--format=" + NumstatReader.FORMAT);

  private final Git git;
  private final IdentityTable identities;
  private final MessageEvidence messageEvidence;
  private final BranchPrefixEvidence branchEvidence;
  private final Set<String> ignoredRevisions;
  private final List<LineEvidenceSource> extraSources;
  private final Optional<String> scope;

  /** A miner for {@code git} with these detectors and the commits .git-blame-ignore-revs lists. */
  public ProvenanceMiner(Git git, IdentityTable identities, Set<String> ignoredRevisions) {
    this(git, identities, ignoredRevisions, List.of());
  }

  /**
   * A miner that also asks {@code extraSources} (for example agent transcripts) for line-level
   * evidence on the non-merge commits it mines.
   */
  public ProvenanceMiner(
      Git git,
      IdentityTable identities,
      Set<String> ignoredRevisions,
      List<LineEvidenceSource> extraSources) {
    this(git, identities, ignoredRevisions, extraSources, Optional.empty());
  }

  private ProvenanceMiner(
      Git git,
      IdentityTable identities,
      Set<String> ignoredRevisions,
      List<LineEvidenceSource> extraSources,
      Optional<String> scope) {
    this.scope = requireNonNull(scope, "scope is null");
    this.extraSources = List.copyOf(requireNonNull(extraSources, "extraSources is null"));
    this.git = requireNonNull(git, "git is null");
    this.identities = requireNonNull(identities, "identities is null");
    this.messageEvidence = new MessageEvidence(identities);
    this.branchEvidence = new BranchPrefixEvidence();
    this.ignoredRevisions = Set.copyOf(ignoredRevisions);
  }

  /**
   * This miner, counting only the files under {@code folder} (relative to the top level, as {@link
   * Git#subfolder} gives it): the numstat passes get it as a git pathspec, and a change that
   * touches nothing there is not mined. Evidence is still read from the whole history, so a merge
   * that brings in a scoped file still finds its side commits' evidence.
   */
  public ProvenanceMiner scopedTo(Optional<String> folder) {
    return new ProvenanceMiner(git, identities, ignoredRevisions, extraSources, folder);
  }

  /** The pathspec that limits a numstat pass to the scope, after {@code --}; none unscoped. */
  private List<String> pathspec() {
    return scope.map(folder -> List.of(":(top,literal)" + folder)).orElse(List.of());
  }

  /**
   * What to mine.
   *
   * @param tip the commit id the branch points at
   * @param base the previous scan's fork point: only commits not reachable from it are mined
   *     (empty: whole history)
   * @param firstSequence the chain position of the oldest change mined
   * @param since keep only changes committed at or after this instant
   * @param until keep only changes committed before this instant
   */
  public record Range(
      String tip,
      Optional<String> base,
      int firstSequence,
      Optional<Instant> since,
      Optional<Instant> until) {
    public Range {
      requireNonNull(tip, "tip is null");
      requireNonNull(base, "base is null");
      requireNonNull(since, "since is null");
      requireNonNull(until, "until is null");
    }

    List<String> revisions() {
      List<String> revisions = new ArrayList<>();
      revisions.add(tip);
      base.ifPresent(b -> revisions.add("^" + b));
      return revisions;
    }

    String asLogRange() {
      return base.map(b -> b + ".." + tip).orElse(tip);
    }

    boolean keeps(Instant committedAt) {
      return since.map(s -> !committedAt.isBefore(s)).orElse(true)
          && until.map(u -> committedAt.isBefore(u)).orElse(true);
    }
  }

  /** The commit data the miner keeps for every commit of the range. */
  private record CommitMeta(
      String sha,
      boolean merge,
      String subject,
      Instant authoredAt,
      Instant committedAt,
      Identity author,
      Optional<Identity> engineer,
      List<Evidence> evidence) {}

  /**
   * Mines {@code range}, handing every change to {@code sink}; returns how many changes were mined.
   */
  public int mine(Range range, ScanSink sink, Progress progress) {
    requireNonNull(range, "range is null");
    requireNonNull(sink, "sink is null");
    // The chain's numstat is the one expensive pass: git starts on it first (one process per core,
    // each on a segment of the chain) and streams it while the metadata and evidence passes run,
    // the readers holding what is not taken yet.
    try (SegmentedNumstat chainStats =
            SegmentedNumstat.start(git, CHAIN_OPTIONS, range.revisions(), pathspec());
        ExecutorService executor =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("lw-git-", 0).factory())) {
      Future<AgentTraces.Result> tracesFuture =
          executor.submit(() -> AgentTraces.read(git, range.asLogRange()));

      CommitGraph graph = new CommitGraph();
      Map<String, CommitMeta> metas = new HashMap<>();
      readCommits(range, graph, metas);
      Set<String> inRange = Set.copyOf(metas.keySet());
      Future<GitAiNotes.Result> notesFuture = executor.submit(() -> GitAiNotes.read(git, inRange));
      graph.resolve(range.tip());
      List<String> chain = graph.chain();
      progress.total(chain.size());

      Map<String, List<FileLines>> lineEvidence = new HashMap<>();
      GitAiNotes.Result notes = await(notesFuture);
      AgentTraces.Result traces = await(tracesFuture);
      notes.warnings().forEach(sink::warning);
      traces.warnings().forEach(sink::warning);
      mergeLineEvidence(lineEvidence, notes.lines(), metas);
      mergeLineEvidence(lineEvidence, traces.lines(), metas);
      if (!extraSources.isEmpty()) {
        Map<String, Instant> nonMerge = new HashMap<>();
        metas.values().stream()
            .filter(meta -> !meta.merge())
            .forEach(meta -> nonMerge.put(meta.sha(), meta.committedAt()));
        for (LineEvidenceSource source : extraSources) {
          mergeLineEvidence(lineEvidence, source.lines(git, nonMerge), metas);
        }
      }

      Map<String, List<String>> sides = graph.sideCommits();
      for (CommitMeta meta : withEvidence(metas, lineEvidence.keySet())) {
        String owner = graph.owner(meta.sha()).orElse(meta.sha());
        if (!meta.evidence().isEmpty()) {
          sink.commitEvidence(meta.sha(), owner, meta.evidence());
        }
        List<FileLines> lines = lineEvidence.get(meta.sha());
        if (lines != null) {
          sink.lineEvidence(meta.sha(), owner, lines);
        }
      }

      Set<String> changeLevelSides = new TreeSet<>();
      for (List<String> sideList : sides.values()) {
        for (String side : sideList) {
          if (!metas.get(side).evidence().isEmpty()) {
            changeLevelSides.add(side);
          }
        }
      }
      Map<String, List<FileStat>> sideStats = readSideNumstat(changeLevelSides);

      Map<String, Integer> sequence = new HashMap<>();
      for (int i = 0; i < chain.size(); i++) {
        sequence.put(chain.get(i), range.firstSequence() + i);
      }
      return readChain(
          chainStats, range, sequence, metas, sides, lineEvidence, sideStats, sink, progress);
    }
  }

  private void readCommits(Range range, CommitGraph graph, Map<String, CommitMeta> metas) {
    List<String> args = new ArrayList<>(List.of("log", "-z", "--format=" + CommitLogReader.FORMAT));
    args.addAll(range.revisions());
    args.add("--");
    Map<String, Identity> identityCache = new HashMap<>();
    stream(
        args,
        in -> {
          CommitLogReader reader = new CommitLogReader(in);
          Optional<CommitInfo> next;
          while ((next = reader.next()).isPresent()) {
            CommitInfo commit = next.get();
            graph.add(commit.sha(), commit.parents());
            Identity author =
                identityCache.computeIfAbsent(
                    commit.authorName() + '\u0000' + commit.authorEmail(),
                    k -> identities.classify(commit.authorName(), commit.authorEmail()));
            List<Evidence> evidence = new ArrayList<>(messageEvidence.detect(commit));
            branchEvidence.detect(commit).ifPresent(evidence::add);
            metas.put(
                commit.sha(),
                new CommitMeta(
                    commit.sha(),
                    commit.isMerge(),
                    commit.subject(),
                    commit.authoredAt(),
                    commit.committedAt(),
                    author,
                    Engineers.creditedHuman(commit, identities),
                    evidence.isEmpty() ? List.of() : List.copyOf(evidence)));
          }
        });
  }

  private Map<String, List<FileStat>> readSideNumstat(Set<String> commits) {
    Map<String, List<FileStat>> result = new HashMap<>();
    if (commits.isEmpty()) {
      return result;
    }
    List<String> args =
        new ArrayList<>(
            List.of(
                "log",
                "--no-walk=unsorted",
                "--stdin",
                "-z",
                "--numstat",
                "-M",
                "--format=" + NumstatReader.FORMAT));
    if (scope.isPresent()) {
      args.add("--");
      args.addAll(pathspec());
    }
    try (ChildProcess child = git.startInteractive(args)) {
      Thread writer =
          Thread.ofVirtual()
              .start(() -> {
                try (OutputStream out = child.stdin()) {
                  for (String sha : commits) {
                    out.write((sha + "\n").getBytes(StandardCharsets.US_ASCII));
                  }
                } catch (IOException e) {
                  // git exited early; its exit code and stderr report why.
                }
              });
      try (InputStream in = child.stdout()) {
        NumstatReader reader = new NumstatReader(in);
        Optional<NumstatReader.CommitStats> next;
        while ((next = reader.next()).isPresent()) {
          result.put(next.get().sha(), next.get().files());
        }
      } catch (IOException e) {
        throw LoopwatchException.external("reading git numstat: " + e.getMessage(), e);
      }
      joinQuietly(writer);
      int code = child.waitFor();
      if (code != 0) {
        throw git.failure(args, code, child.stderrText());
      }
    }
    return result;
  }

  private int readChain(
      SegmentedNumstat chainStats,
      Range range,
      Map<String, Integer> sequence,
      Map<String, CommitMeta> metas,
      Map<String, List<String>> sides,
      Map<String, List<FileLines>> lineEvidence,
      Map<String, List<FileStat>> sideStats,
      ScanSink sink,
      Progress progress) {
    int mined = 0;
    Optional<NumstatReader.CommitStats> next;
    while ((next = chainStats.next()).isPresent()) {
      NumstatReader.CommitStats stats = next.get();
      progress.advance(1);
      CommitMeta meta = metas.get(stats.sha());
      Integer position = sequence.get(stats.sha());
      if (meta == null || position == null || !range.keeps(meta.committedAt())) {
        continue;
      }
      if (scope.isPresent() && stats.files().isEmpty()) {
        continue;
      }
      List<String> sideList = sides.getOrDefault(stats.sha(), List.of());
      sink.change(credit(meta, position, stats.files(), sideList, metas, lineEvidence, sideStats));
      mined++;
    }
    return mined;
  }

  /**
   * Credits the added lines of each file of one change to the evidence of the change and the
   * commits it merged.
   */
  private MergedChange credit(
      CommitMeta meta,
      int position,
      List<FileStat> files,
      List<String> sideList,
      Map<String, CommitMeta> metas,
      Map<String, List<FileLines>> lineEvidence,
      Map<String, List<FileStat>> sideStats) {
    Map<String, List<Claim>> claims = new HashMap<>();
    List<String> sources = new ArrayList<>(1 + sideList.size());
    sources.add(meta.sha());
    sources.addAll(sideList);
    for (String source : sources) {
      Set<String> lineLevelPaths = new HashSet<>();
      List<FileLines> lines = lineEvidence.get(source);
      if (lines != null) {
        for (FileLines fileLines : unionByPath(lines)) {
          lineLevelPaths.add(fileLines.path());
          claims
              .computeIfAbsent(fileLines.path(), k -> new ArrayList<>())
              .add(new Claim(source, fileLines.evidence(), fileLines.lines().count()));
        }
      }
      Optional<Evidence> changeLevel = strongestChangeLevel(metas.get(source).evidence());
      if (changeLevel.isEmpty()) {
        continue;
      }
      List<FileStat> stats =
          source.equals(meta.sha()) ? files : sideStats.getOrDefault(source, List.of());
      for (FileStat stat : stats) {
        // Line-level evidence decides the files it covers; change-level evidence covers the
        // commit's other files.
        if (stat.added() > 0 && !lineLevelPaths.contains(stat.path())) {
          claims
              .computeIfAbsent(stat.path(), k -> new ArrayList<>())
              .add(new Claim(source, changeLevel.get(), stat.added()));
        }
      }
    }
    List<FileChange> fileChanges = new ArrayList<>(files.size());
    List<AiCredit> credits = new ArrayList<>();
    for (FileStat stat : files) {
      int[] byConfidence = new int[Confidence.values().length];
      List<Claim> fileClaims = claims.get(stat.path());
      if (fileClaims != null && !stat.binary()) {
        fileClaims.sort(Comparator.comparing((Claim c) -> c.evidence().confidence()));
        int remaining = stat.added();
        for (Claim claim : fileClaims) {
          int take = (int) Math.min(remaining, claim.lines());
          if (take <= 0) {
            continue;
          }
          remaining -= take;
          byConfidence[claim.evidence().confidence().ordinal()] += take;
          credits.add(new AiCredit(stat.path(), claim.source(), claim.evidence(), take));
        }
      }
      fileChanges.add(
          new FileChange(
              stat.path(),
              stat.oldPath(),
              stat.added(),
              stat.deleted(),
              stat.binary(),
              byConfidence[Confidence.STRONG.ordinal()],
              byConfidence[Confidence.MEDIUM.ordinal()],
              byConfidence[Confidence.WEAK.ordinal()]));
    }
    boolean bot =
        meta.author().kind() == IdentityKind.BOT
            || (!sideList.isEmpty()
                && sideList.stream()
                    .allMatch(s -> metas.get(s).author().kind() == IdentityKind.BOT));
    return new MergedChange(
        meta.sha(),
        position,
        meta.merge(),
        meta.subject(),
        meta.authoredAt(),
        meta.committedAt(),
        meta.author(),
        meta.engineer(),
        sideList.size(),
        bot,
        ignoredRevisions.contains(meta.sha()),
        fileChanges,
        credits);
  }

  /**
   * One commit's line-level evidence merged per path, so overlapping records (several traces of one
   * file) count each line once; the first record's evidence names the agent.
   */
  private static List<FileLines> unionByPath(List<FileLines> lines) {
    Map<String, FileLines> byPath = new LinkedHashMap<>();
    for (FileLines file : lines) {
      byPath.merge(
          file.path(),
          file,
          (a, b) -> new FileLines(a.path(), a.lines().union(b.lines()), a.evidence()));
    }
    return List.copyOf(byPath.values());
  }

  /** A source commit's claim on some added lines of one file. */
  private record Claim(String source, Evidence evidence, long lines) {}

  private static Optional<Evidence> strongestChangeLevel(List<Evidence> evidence) {
    Optional<Evidence> weak = Optional.empty();
    for (Evidence e : evidence) {
      if (e.confidence() == Confidence.MEDIUM) {
        return Optional.of(e);
      }
      if (e.confidence() == Confidence.WEAK && weak.isEmpty()) {
        weak = Optional.of(e);
      }
    }
    return weak;
  }

  private static void mergeLineEvidence(
      Map<String, List<FileLines>> into,
      Map<String, List<FileLines>> from,
      Map<String, CommitMeta> metas) {
    for (Map.Entry<String, List<FileLines>> entry : from.entrySet()) {
      if (metas.containsKey(entry.getKey())) {
        into.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).addAll(entry.getValue());
      }
    }
  }

  /** The commits with any evidence, sorted by id so the store's rows come in a stable order. */
  private static List<CommitMeta> withEvidence(
      Map<String, CommitMeta> metas, Set<String> lineLevel) {
    return metas.values().stream()
        .filter(meta -> !meta.evidence().isEmpty() || lineLevel.contains(meta.sha()))
        .sorted(Comparator.comparing(CommitMeta::sha))
        .toList();
  }

  /** Reads a streaming git command's stdout, then checks its exit code. */
  private void stream(List<String> args, StreamBody body) {
    try (ChildProcess child = git.start(args)) {
      try (InputStream in = child.stdout()) {
        body.read(in);
      } catch (IOException e) {
        throw LoopwatchException.external(
            "reading output of git " + args.getFirst() + ": " + e.getMessage(), e);
      }
      int code = child.waitFor();
      if (code != 0) {
        throw git.failure(args, code, child.stderrText());
      }
    }
  }

  @FunctionalInterface
  private interface StreamBody {
    void read(InputStream in) throws IOException;
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LoopwatchException(LoopwatchException.Kind.INTERNAL, "interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new LoopwatchException(
          LoopwatchException.Kind.INTERNAL, e.getCause().toString(), e.getCause());
    }
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
