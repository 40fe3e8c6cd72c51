package dev.loopwatch.git.metrics;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.stats.Bootstrap;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.core.time.Period;
import dev.loopwatch.git.evidence.Confidence;
import dev.loopwatch.git.evidence.EvidenceClass;
import dev.loopwatch.git.metrics.ProvenanceReport.AgentLines;
import dev.loopwatch.git.metrics.ProvenanceReport.BaselineComparison;
import dev.loopwatch.git.metrics.ProvenanceReport.ChangeRow;
import dev.loopwatch.git.metrics.ProvenanceReport.CoverageBreak;
import dev.loopwatch.git.metrics.ProvenanceReport.ExcludedCount;
import dev.loopwatch.git.metrics.ProvenanceReport.ExclusionSummary;
import dev.loopwatch.git.metrics.ProvenanceReport.Headline;
import dev.loopwatch.git.metrics.ProvenanceReport.LiveCodeSummary;
import dev.loopwatch.git.metrics.ProvenanceReport.OutlierFilter;
import dev.loopwatch.git.metrics.ProvenanceReport.PathLines;
import dev.loopwatch.git.metrics.ProvenanceReport.RepoBaseline;
import dev.loopwatch.git.metrics.ProvenanceReport.RepoCut;
import dev.loopwatch.git.metrics.ProvenanceReport.RepoSummary;
import dev.loopwatch.git.metrics.ProvenanceReport.ShareBucket;
import dev.loopwatch.git.metrics.ProvenanceReport.SourceLines;
import dev.loopwatch.git.metrics.ProvenanceReport.ThroughputBucket;
import dev.loopwatch.git.metrics.ProvenanceReport.Totals;
import dev.loopwatch.git.owners.CodeOwners;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Computes the provenance report from the store.
 *
 * <p>Every added line of a merged change lands in exactly one bucket: by an automation bot; in a
 * change listed in .git-blame-ignore-revs; in an excluded file (binary, lock file, generated,
 * vendored, user glob); or counted. The AI share is AI lines (strong and medium evidence) over
 * counted lines, every change counted; lines with no evidence are "no AI evidence", so the share is
 * a lower bound. Each repository's outlier cut ({@link OutlierCut}) is made from its own changes,
 * so its numbers do not depend on what else is in the store; the cut applies to throughput and to
 * the trimmed share shown next to the headline. Store-wide totals sum every change of every
 * repository; the store-wide trimmed share and throughput use the changes each repository's own cut
 * keeps. Throughput is counted lines per active human engineer per day, where a change's lines
 * count for the human credited with it (its author, or the human co-author or committer of an
 * agent's change). Days and buckets are UTC.
 */
public final class ProvenanceMetrics {
  private static final int LARGEST_CHANGES = 20;
  private static final int PATH_GROUPS = 30;

  private ProvenanceMetrics() {}

  /** One merged change, summed over its counted files. */
  record ChangeTotals(
      int repoId,
      String sha,
      String subject,
      Instant committedAt,
      Optional<String> engineer,
      boolean bot,
      boolean ignored,
      long totalAdded,
      long added,
      long deleted,
      long strong,
      long medium,
      long weak) {
    long ai() {
      return strong + medium + weak;
    }

    long aiCounted() {
      return strong + medium;
    }

    String key() {
      return ProvenanceMetrics.key(repoId, sha);
    }

    LocalDate day() {
      return LocalDate.ofInstant(committedAt, ZoneOffset.UTC);
    }
  }

  /** Computes the report over the given repositories (all in the store when empty). */
  public static ProvenanceReport compute(
      Store store, Set<Integer> repoIds, MetricsOptions options) {
    requireNonNull(store, "store is null");
    requireNonNull(options, "options is null");
    return store.read(connection -> compute(connection, Set.copyOf(repoIds), options));
  }

  /**
   * The AI share buckets (at the options' granularity) of each path group of every stored
   * repository: a team by the options' path prefixes, else the file's CODEOWNERS owner, else {@code
   * (no owner)}. A change counts in every group it touches, with its lines there; bots, ignored
   * revisions and excluded files are left out, as in the report. Each bucket's interval resamples
   * the group's changes in it.
   */
  public static Map<String, List<ShareBucket>> shareByGroup(Store store, MetricsOptions options) {
    requireNonNull(store, "store is null");
    requireNonNull(options, "options is null");
    return store.read(connection -> {
      Set<Integer> repoIds = repos(connection, Set.of()).keySet();
      Map<Integer, CodeOwners> owners = codeOwners(connection, repoIds);
      Map<Integer, PathGroups> groups = new HashMap<>();
      // Per group, per change: added, strong, medium, weak lines, and when it was committed.
      Map<String, Map<String, long[]>> sums = new TreeMap<>();
      String sql =
          "SELECT f.repo_id, f.sha, f.path, f.added, f.ai_strong, f.ai_medium, f.ai_weak,"
              + " c.committed_at FROM git_change_files f"
              + " JOIN git_changes c ON c.repo_id = f.repo_id AND c.sha = f.sha"
              + " WHERE f.exclusion IS NULL AND NOT c.is_bot AND NOT c.ignored_revision"
              + repoFilter(repoIds, "f.repo_id");
      try (PreparedStatement statement = connection.prepareStatement(sql);
          ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          int repoId = rows.getInt(1);
          String group =
              groups
                  .computeIfAbsent(
                      repoId,
                      id -> new PathGroups(options.teams(), Optional.ofNullable(owners.get(id))))
                  .groupOf(rows.getString(3));
          long[] sum =
              sums.computeIfAbsent(group, g -> new TreeMap<>())
                  .computeIfAbsent(repoId + ":" + rows.getString(2), k -> new long[5]);
          for (int i = 0; i < 4; i++) {
            sum[i] += rows.getLong(4 + i);
          }
          sum[4] = rows.getLong(8);
        }
      }
      Map<String, List<ShareBucket>> result = new TreeMap<>();
      sums.forEach((group, changes) -> {
        List<ChangeTotals> totals = new ArrayList<>();
        changes.forEach((key, sum) -> {
          int split = key.indexOf(':');
          totals.add(
              new ChangeTotals(
                  Integer.parseInt(key.substring(0, split)),
                  key.substring(split + 1),
                  "",
                  Instant.ofEpochSecond(sum[4]),
                  Optional.empty(),
                  false,
                  false,
                  sum[0],
                  sum[0],
                  0,
                  sum[1],
                  sum[2],
                  sum[3]));
        });
        result.put(group, shareOverTime(totals, options, Map.of()));
      });
      return result;
    });
  }

  private static ProvenanceReport compute(
      Connection connection, Set<Integer> requested, MetricsOptions options) throws SQLException {
    Map<Integer, RepoSummary> repos = repos(connection, requested);
    Set<Integer> repoIds = repos.keySet();
    List<ChangeTotals> changes = changes(connection, repoIds);

    List<ChangeTotals> eligible = changes.stream().filter(c -> !c.bot() && !c.ignored()).toList();
    Map<Integer, List<ChangeTotals>> eligibleByRepo = new LinkedHashMap<>();
    repoIds.forEach(id -> eligibleByRepo.put(id, new ArrayList<>()));
    eligible.forEach(c -> eligibleByRepo.get(c.repoId()).add(c));

    Map<String, Map<String, Long>> agentsByChange = new HashMap<>();
    List<AgentLines> byAgent = byAgent(connection, repoIds, agentsByChange);
    List<SourceLines> bySource = bySource(connection, repoIds);

    Set<String> dropped = new HashSet<>();
    List<RepoCut> cuts = new ArrayList<>();
    Map<Integer, RepoSummary> withTotals = new LinkedHashMap<>();
    for (Map.Entry<Integer, RepoSummary> entry : repos.entrySet()) {
      RepoSummary repo = entry.getValue();
      List<ChangeTotals> own = eligibleByRepo.get(entry.getKey());
      RepoCut cut = OutlierCut.cut(repo.name(), own, options, dropped);
      cuts.add(cut);
      List<ChangeTotals> kept = own.stream().filter(c -> !dropped.contains(c.key())).toList();
      withTotals.put(
          entry.getKey(),
          new RepoSummary(
              repo.name(),
              repo.path(),
              repo.branch(),
              repo.head(),
              repo.changes(),
              repo.firstChange(),
              repo.lastChange(),
              repo.shallow(),
              repo.warnings(),
              totals(own),
              cut,
              wholeRange(kept)));
    }
    repos = withTotals;
    List<ChangeTotals> trimmed = eligible.stream().filter(c -> !dropped.contains(c.key())).toList();

    Totals totals = totals(eligible);
    Totals trimmedTotals = totals(trimmed);
    OutlierFilter outliers =
        new OutlierFilter(
            options.outlierPercentile(),
            options.outlierMaxLines(),
            options.outlierMinChanges(),
            cuts.stream().mapToLong(RepoCut::droppedChanges).sum(),
            cuts.stream().mapToLong(RepoCut::droppedLines).sum(),
            cuts.stream().mapToLong(RepoCut::droppedAiLines).sum(),
            trimmedTotals,
            cuts);
    Headline headline =
        new Headline(
            totals.aiShare(),
            trimmedTotals.aiShare(),
            outliers.droppedChanges(),
            outliers.droppedLines(),
            totals.addedLines() == 0 ? 0 : (double) outliers.droppedLines() / totals.addedLines(),
            outliers.droppedAiLines());
    List<ShareBucket> share = shareOverTime(eligible, options, agentsByChange);
    List<CoverageBreak> breaks = new ArrayList<>();
    for (Map.Entry<Integer, RepoSummary> entry : repos.entrySet()) {
      breaks.addAll(
          CoverageBreaks.find(
              entry.getValue().name(),
              eligibleByRepo.get(entry.getKey()).stream()
                  .map(c ->
                      new CoverageBreaks.Change(
                          c.sha(), c.day(), evidencedAgents(c, agentsByChange)))
                  .toList(),
              options.coverage()));
    }
    breaks.sort(
        Comparator.comparing(CoverageBreak::date)
            .thenComparing(CoverageBreak::repo)
            .thenComparing(CoverageBreak::agent)
            .thenComparing(CoverageBreak::direction));
    List<PathLines> byPath = byPath(connection, repoIds, options.teams());
    ProvenanceReport.Throughput throughput = throughput(trimmed, repos, options, outliers);
    ExclusionSummary exclusions = exclusions(connection, repoIds, changes);
    Optional<LiveCodeSummary> live = liveCode(connection, repoIds);
    List<ChangeRow> largest = largest(connection, eligible, repos, agentsByChange);
    List<String> caveats = caveats(connection, repoIds, repos, totals, headline, outliers, breaks);
    return new ProvenanceReport(
        Instant.now(),
        options.granularity(),
        List.copyOf(repos.values()),
        totals,
        headline,
        share,
        breaks,
        byAgent,
        bySource,
        byPath,
        throughput,
        exclusions,
        live,
        largest,
        caveats);
  }

  /** The agents with strong or medium evidence on a change, sorted. */
  private static Set<String> evidencedAgents(
      ChangeTotals change, Map<String, Map<String, Long>> agentsByChange) {
    Set<String> agents = new TreeSet<>();
    agentsByChange
        .getOrDefault(change.key(), Map.of())
        .forEach((agentAndConfidence, lines) -> {
          int split = agentAndConfidence.indexOf('\u0000');
          if (lines > 0
              && !agentAndConfidence.substring(split + 1).equals(Confidence.WEAK.name())) {
            agents.add(agentAndConfidence.substring(0, split));
          }
        });
    return agents;
  }

  private static String key(int repoId, String sha) {
    return repoId + ":" + sha;
  }

  private static String repoFilter(Set<Integer> repoIds, String column) {
    if (repoIds.isEmpty()) {
      return " AND false";
    }
    return " AND "
        + column
        + " IN ("
        + repoIds.stream().sorted().map(String::valueOf).collect(Collectors.joining(","))
        + ")";
  }

  private static Map<Integer, RepoSummary> repos(Connection connection, Set<Integer> requested)
      throws SQLException {
    // In name order, never store order: a report must not depend on which repository was scanned
    // first.
    Map<Integer, RepoSummary> result = new LinkedHashMap<>();
    String sql =
        "SELECT r.repo_id, r.name, r.root, r.branch, r.tip, r.shallow,"
            + " (SELECT count(*) FROM git_changes c WHERE c.repo_id = r.repo_id),"
            + " (SELECT min(committed_at) FROM git_changes c WHERE c.repo_id = r.repo_id),"
            + " (SELECT max(committed_at) FROM git_changes c WHERE c.repo_id = r.repo_id),"
            + " (SELECT count(*) FROM git_warnings w WHERE w.repo_id = r.repo_id)"
            + " FROM git_repos r WHERE true"
            + (requested.isEmpty() ? "" : repoFilter(requested, "r.repo_id"))
            + " ORDER BY r.name, r.root, r.branch";
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        long first = rows.getLong(8);
        boolean hasFirst = !rows.wasNull();
        long last = rows.getLong(9);
        boolean hasLast = !rows.wasNull();
        result.put(
            rows.getInt(1),
            new RepoSummary(
                rows.getString(2),
                rows.getString(3),
                rows.getString(4),
                rows.getString(5),
                rows.getLong(7),
                hasFirst ? Optional.of(Instant.ofEpochSecond(first)) : Optional.empty(),
                hasLast ? Optional.of(Instant.ofEpochSecond(last)) : Optional.empty(),
                rows.getBoolean(6),
                rows.getLong(10),
                new Totals(0, 0, 0, 0, 0, 0),
                new RepoCut(rows.getString(2), 0, false, Optional.empty(), 0, 0, 0),
                Optional.empty()));
      }
    }
    return result;
  }

  private static List<ChangeTotals> changes(Connection connection, Set<Integer> repoIds)
      throws SQLException {
    String sql =
        "SELECT c.repo_id, c.sha, c.subject, c.committed_at, c.engineer_email, c.engineer_name, c.is_bot,"
            + " c.ignored_revision,"
            + " coalesce(sum(f.added), 0),"
            + " coalesce(sum(f.added) FILTER (WHERE f.exclusion IS NULL), 0),"
            + " coalesce(sum(f.deleted) FILTER (WHERE f.exclusion IS NULL), 0),"
            + " coalesce(sum(f.ai_strong) FILTER (WHERE f.exclusion IS NULL), 0),"
            + " coalesce(sum(f.ai_medium) FILTER (WHERE f.exclusion IS NULL), 0),"
            + " coalesce(sum(f.ai_weak) FILTER (WHERE f.exclusion IS NULL), 0)"
            + " FROM git_changes c LEFT JOIN git_change_files f ON f.repo_id = c.repo_id AND f.sha = c.sha"
            + " WHERE true"
            + repoFilter(repoIds, "c.repo_id")
            // A shallow clone's boundary commit is no change at all: its lines are the whole tree.
            + " AND NOT EXISTS (SELECT 1 FROM git_change_files b WHERE b.repo_id = c.repo_id"
            + " AND b.sha = c.sha AND b.exclusion = 'SHALLOW_BOUNDARY')"
            + " GROUP BY c.repo_id, c.sha, c.subject, c.committed_at, c.engineer_email, c.engineer_name, c.is_bot,"
            + " c.ignored_revision, c.seq"
            + " ORDER BY c.repo_id, c.seq";
    List<ChangeTotals> result = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        String email = rows.getString(5);
        result.add(
            new ChangeTotals(
                rows.getInt(1),
                rows.getString(2),
                rows.getString(3),
                Instant.ofEpochSecond(rows.getLong(4)),
                Optional.ofNullable(email).map(e -> e.toLowerCase(Locale.ROOT)),
                rows.getBoolean(7),
                rows.getBoolean(8),
                rows.getLong(9),
                rows.getLong(10),
                rows.getLong(11),
                rows.getLong(12),
                rows.getLong(13),
                rows.getLong(14)));
      }
    }
    return result;
  }

  private static Totals totals(List<ChangeTotals> counted) {
    long added = 0;
    long deleted = 0;
    long strong = 0;
    long medium = 0;
    long weak = 0;
    for (ChangeTotals change : counted) {
      added += change.added();
      deleted += change.deleted();
      strong += change.strong();
      medium += change.medium();
      weak += change.weak();
    }
    return new Totals(counted.size(), added, deleted, strong, medium, weak);
  }

  /**
   * AI lines per agent, model and confidence over counted files of every counted change; fills
   * per-change agent lines.
   */
  private static List<AgentLines> byAgent(
      Connection connection, Set<Integer> repoIds, Map<String, Map<String, Long>> perChange)
      throws SQLException {
    String sql =
        "SELECT k.repo_id, k.sha, k.agent, k.model, k.confidence, sum(k.lines)"
            + " FROM git_change_credits k"
            + " JOIN git_change_files f ON f.repo_id = k.repo_id AND f.sha = k.sha AND f.path = k.path"
            + " JOIN git_changes c ON c.repo_id = k.repo_id AND c.sha = k.sha"
            + " WHERE f.exclusion IS NULL AND NOT c.is_bot AND NOT c.ignored_revision"
            + repoFilter(repoIds, "k.repo_id")
            + " GROUP BY k.repo_id, k.sha, k.agent, k.model, k.confidence";
    Map<AgentKey, Long> lines = new TreeMap<>();
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        String change = key(rows.getInt(1), rows.getString(2));
        String agent = rows.getString(3);
        Confidence confidence = Confidence.valueOf(rows.getString(5));
        long count = rows.getLong(6);
        lines.merge(
            new AgentKey(agent, Optional.ofNullable(rows.getString(4)).orElse(""), confidence),
            count,
            Long::sum);
        perChange
            .computeIfAbsent(change, k -> new TreeMap<>())
            .merge(agent + "\u0000" + confidence, count, Long::sum);
      }
    }
    List<AgentLines> result = new ArrayList<>();
    lines.forEach((k, v) ->
        result.add(
            new AgentLines(
                k.agent(),
                k.model().isEmpty() ? Optional.empty() : Optional.of(k.model()),
                k.confidence(),
                v)));
    result.sort(Comparator.comparingLong(AgentLines::lines).reversed());
    return result;
  }

  /** Sort key for agent lines. */
  private record AgentKey(String agent, String model, Confidence confidence)
      implements Comparable<AgentKey> {
    @Override
    public int compareTo(AgentKey other) {
      return Comparator.comparing(AgentKey::agent)
          .thenComparing(AgentKey::model)
          .thenComparing(AgentKey::confidence)
          .compare(this, other);
    }
  }

  /**
   * Lines and changes credited through each evidence source (the rule that matched), over counted
   * files of every change the headline counts (outliers included), most lines first.
   */
  private static List<SourceLines> bySource(Connection connection, Set<Integer> repoIds)
      throws SQLException {
    String sql =
        "SELECT k.repo_id, k.sha, k.detector, k.confidence, k.agent, coalesce(k.source, ''),"
            + " sum(k.lines)"
            + " FROM git_change_credits k"
            + " JOIN git_change_files f ON f.repo_id = k.repo_id AND f.sha = k.sha AND f.path = k.path"
            + " JOIN git_changes c ON c.repo_id = k.repo_id AND c.sha = k.sha"
            + " WHERE f.exclusion IS NULL AND NOT c.is_bot AND NOT c.ignored_revision"
            + repoFilter(repoIds, "k.repo_id")
            + " GROUP BY k.repo_id, k.sha, k.detector, k.confidence, k.agent, k.source";
    Map<List<String>, long[]> sums = new TreeMap<>(Comparator.comparing(List::toString));
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        List<String> sourceKey =
            List.of(rows.getString(6), rows.getString(3), rows.getString(4), rows.getString(5));
        long[] sum = sums.computeIfAbsent(sourceKey, k -> new long[2]);
        sum[0]++;
        sum[1] += rows.getLong(7);
      }
    }
    List<SourceLines> result = new ArrayList<>();
    sums.forEach((k, sum) -> {
      EvidenceClass evidenceClass = EvidenceClass.of(k.get(1), Confidence.valueOf(k.get(2)));
      result.add(
          new SourceLines(
              k.get(0),
              k.get(1),
              evidenceClass.label(),
              k.get(3),
              evidenceClass.countsTowardShare(),
              sum[0],
              sum[1]));
    });
    result.sort(Comparator.comparingLong(SourceLines::lines).reversed());
    return result;
  }

  private static List<ShareBucket> shareOverTime(
      List<ChangeTotals> counted,
      MetricsOptions options,
      Map<String, Map<String, Long>> agentsByChange) {
    Map<LocalDate, BucketSums> buckets = new TreeMap<>();
    for (ChangeTotals change : counted) {
      Period period = options.granularity().bucket(change.day());
      BucketSums sums = buckets.computeIfAbsent(period.start(), k -> new BucketSums(period));
      sums.changes++;
      sums.perChange.add(new PerChange(change.sha(), change.aiCounted(), change.added()));
      sums.added += change.added();
      sums.strong += change.strong();
      sums.medium += change.medium();
      sums.weak += change.weak();
      if (change.aiCounted() > 0) {
        sums.changesWithEvidence++;
        sums.addedWithEvidence += change.added();
      }
      Map<String, Long> agents = agentsByChange.get(key(change.repoId(), change.sha()));
      if (agents != null) {
        agents.forEach((agentAndConfidence, lines) -> {
          int split = agentAndConfidence.indexOf('\u0000');
          if (!agentAndConfidence.substring(split + 1).equals(Confidence.WEAK.name())) {
            sums.byAgent.merge(agentAndConfidence.substring(0, split), lines, Long::sum);
          }
        });
      }
    }
    // Each bucket's interval is its own seeded bootstrap, so the buckets are resampled in parallel
    // (on the common pool, one task per bucket) and collected in period order: the same numbers as
    // one after another, in about half the time on two cores.
    return buckets.values().parallelStream().map(sums -> shareBucket(sums, options)).toList();
  }

  private static ShareBucket shareBucket(BucketSums sums, MetricsOptions options) {
    OptionalDouble low = OptionalDouble.empty();
    OptionalDouble high = OptionalDouble.empty();
    if (sums.added > 0) {
      // Resampled in a fixed order, so the interval does not depend on the order rows were
      // stored in (a sharded scan imported into one store gives the same interval).
      List<PerChange> ordered = new ArrayList<>(sums.perChange);
      ordered.sort(PerChange.ORDER);
      Bootstrap.Interval interval =
          Bootstrap.ratioOfSums(
              ordered.stream().mapToDouble(c -> c.ai()).toArray(),
              ordered.stream().mapToDouble(c -> c.added()).toArray(),
              0.95,
              options.bootstrapResamples(),
              options.seed());
      low = OptionalDouble.of(interval.low());
      high = OptionalDouble.of(interval.high());
    }
    return new ShareBucket(
        sums.period.label(),
        sums.period.start(),
        sums.changes,
        sums.added,
        sums.strong,
        sums.medium,
        sums.weak,
        sums.byAgent,
        sums.changesWithEvidence,
        sums.addedWithEvidence,
        low,
        high);
  }

  /** One change's counted AI lines and added lines in a bucket. */
  private record PerChange(String sha, long ai, long added) {
    static final Comparator<PerChange> ORDER =
        Comparator.comparing(PerChange::sha)
            .thenComparingLong(PerChange::ai)
            .thenComparingLong(PerChange::added);
  }

  /** Running sums for one time bucket. */
  private static final class BucketSums {
    final Period period;
    long changes;
    long added;
    long strong;
    long medium;
    long weak;
    long changesWithEvidence;
    long addedWithEvidence;
    final Map<String, Long> byAgent = new TreeMap<>();
    final List<PerChange> perChange = new ArrayList<>();

    BucketSums(Period period) {
      this.period = period;
    }
  }

  private static List<PathLines> byPath(
      Connection connection, Set<Integer> repoIds, Map<String, List<String>> teams)
      throws SQLException {
    String sql =
        "SELECT f.repo_id, f.sha, f.path, f.added, f.ai_strong + f.ai_medium"
            + " FROM git_change_files f JOIN git_changes c ON c.repo_id = f.repo_id AND c.sha = f.sha"
            + " WHERE f.exclusion IS NULL AND NOT c.is_bot AND NOT c.ignored_revision"
            + repoFilter(repoIds, "f.repo_id");
    Map<Integer, PathGroups> groups = new HashMap<>();
    Map<Integer, CodeOwners> owners = codeOwners(connection, repoIds);
    Map<String, long[]> sums = new TreeMap<>();
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        PathGroups repoGroups =
            groups.computeIfAbsent(
                rows.getInt(1), id -> new PathGroups(teams, Optional.ofNullable(owners.get(id))));
        long[] sum = sums.computeIfAbsent(repoGroups.groupOf(rows.getString(3)), k -> new long[2]);
        sum[0] += rows.getLong(4);
        sum[1] += rows.getLong(5);
      }
    }
    List<PathLines> result = new ArrayList<>();
    sums.forEach((group, sum) -> result.add(new PathLines(group, sum[0], sum[1])));
    result.sort(
        Comparator.comparingLong(PathLines::addedLines).reversed().thenComparing(PathLines::group));
    return result.size() > PATH_GROUPS ? List.copyOf(result.subList(0, PATH_GROUPS)) : result;
  }

  private static Map<Integer, CodeOwners> codeOwners(Connection connection, Set<Integer> repoIds)
      throws SQLException {
    Map<Integer, List<CodeOwners.Rule>> rules = new TreeMap<>();
    Map<Integer, String> files = new HashMap<>();
    String sql =
        "SELECT repo_id, file, line, pattern, owner FROM git_codeowners WHERE true"
            + repoFilter(repoIds, "repo_id")
            + " ORDER BY repo_id, line";
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        files.put(rows.getInt(1), rows.getString(2));
        rules
            .computeIfAbsent(rows.getInt(1), k -> new ArrayList<>())
            .add(
                new CodeOwners.Rule(
                    rows.getInt(3), rows.getString(4), Optional.ofNullable(rows.getString(5))));
      }
    }
    Map<Integer, CodeOwners> result = new HashMap<>();
    rules.forEach((id, list) -> result.put(id, CodeOwners.of(files.get(id), list)));
    return result;
  }

  private static Period span(List<ChangeTotals> credited) {
    LocalDate first =
        credited.stream().map(ChangeTotals::day).min(Comparator.naturalOrder()).orElseThrow();
    LocalDate last =
        credited.stream().map(ChangeTotals::day).max(Comparator.naturalOrder()).orElseThrow();
    return new Period(first + ".." + last, first, last.plusDays(1));
  }

  /** Lines per active engineer per day over the whole range of {@code kept}, if anyone merged. */
  private static Optional<ThroughputBucket> wholeRange(List<ChangeTotals> kept) {
    List<ChangeTotals> credited = kept.stream().filter(c -> c.engineer().isPresent()).toList();
    if (credited.isEmpty()) {
      return Optional.empty();
    }
    Period span = span(credited);
    Map<String, Long> lines = new TreeMap<>();
    credited.forEach(c -> lines.merge(c.engineer().orElseThrow(), c.added(), Long::sum));
    long added = lines.values().stream().mapToLong(Long::longValue).sum();
    long days = span.days();
    return Optional.of(
        new ThroughputBucket(
            span.label(),
            span.start(),
            days,
            lines.size(),
            added,
            (double) added / ((double) lines.size() * days)));
  }

  private static ProvenanceReport.Throughput throughput(
      List<ChangeTotals> counted,
      Map<Integer, RepoSummary> repos,
      MetricsOptions options,
      OutlierFilter outliers) {
    List<ChangeTotals> credited = counted.stream().filter(c -> c.engineer().isPresent()).toList();
    if (credited.isEmpty()) {
      return new ProvenanceReport.Throughput(List.of(), Optional.empty(), outliers, List.of());
    }
    Period span = span(credited);
    LocalDate last = span.end().minusDays(1);

    Map<LocalDate, Map<String, Long>> perBucket = new TreeMap<>();
    Map<LocalDate, Period> periods = new HashMap<>();
    for (ChangeTotals change : credited) {
      Period period = options.granularity().bucket(change.day());
      periods.put(period.start(), period);
      perBucket
          .computeIfAbsent(period.start(), k -> new TreeMap<>())
          .merge(change.engineer().orElseThrow(), change.added(), Long::sum);
    }
    List<ThroughputBucket> overTime = new ArrayList<>();
    for (Map.Entry<LocalDate, Map<String, Long>> entry : perBucket.entrySet()) {
      Period period = periods.get(entry.getKey());
      long days = overlapDays(period, span);
      long lines = entry.getValue().values().stream().mapToLong(Long::longValue).sum();
      int engineers = entry.getValue().size();
      overTime.add(
          new ThroughputBucket(
              period.label(),
              period.start(),
              days,
              engineers,
              lines,
              (double) lines / ((double) engineers * days)));
    }

    if (options.baseline().isEmpty()) {
      return new ProvenanceReport.Throughput(overTime, Optional.empty(), outliers, List.of());
    }
    Period baseline = options.baseline().get();
    Period current =
        options
            .current()
            .orElse(new Period("last 365 days to " + last, last.minusDays(364), last.plusDays(1)));
    if (perEngineerPerDay(credited, baseline, span).length == 0) {
      throw LoopwatchException.userInput(
          "baseline "
              + baseline.label()
              + " has no merged changes by a human engineer in the scanned history");
    }
    if (perEngineerPerDay(credited, current, span).length == 0) {
      throw LoopwatchException.userInput(
          "period "
              + current.label()
              + " has no merged changes by a human engineer in the scanned history");
    }
    // Keyed by repository id in the report's repository order: two repositories may share a name.
    Map<Integer, List<ChangeTotals>> byRepo = new LinkedHashMap<>();
    repos.keySet().forEach(id -> byRepo.put(id, new ArrayList<>()));
    credited.forEach(change -> byRepo.get(change.repoId()).add(change));
    List<Integer> included = new ArrayList<>();
    List<Integer> active = new ArrayList<>();
    List<String> excluded = new ArrayList<>();
    List<RepoBaseline> perRepo = new ArrayList<>();
    byRepo.forEach((id, own) -> {
      if (own.isEmpty()) {
        return;
      }
      active.add(id);
      String name = repos.get(id).name();
      Period ownSpan = span(own);
      boolean inBaseline = perEngineerPerDay(own, baseline, ownSpan).length > 0;
      boolean inCurrent = perEngineerPerDay(own, current, ownSpan).length > 0;
      if (inBaseline && inCurrent) {
        included.add(id);
        perRepo.add(
            new RepoBaseline(
                name, compare(own, baseline, current, ownSpan, options, List.of(name), List.of())));
      } else if (inBaseline || inCurrent) {
        excluded.add(name);
      }
    });
    List<Integer> compared = options.baselineAllRepositories() ? active : included;
    if (compared.isEmpty()) {
      throw LoopwatchException.userInput(
          "no repository has merged changes by a human engineer in both "
              + baseline.label()
              + " and "
              + current.label()
              + " (repositories with changes in only one: "
              + String.join(", ", excluded)
              + "); use --baseline-all-repositories to compare different repositories");
    }
    List<ChangeTotals> pooled = compared.stream().flatMap(id -> byRepo.get(id).stream()).toList();
    List<String> comparedNames = compared.stream().map(id -> repos.get(id).name()).toList();
    BaselineComparison comparison =
        compare(
            pooled,
            baseline,
            current,
            span(pooled),
            options,
            comparedNames,
            options.baselineAllRepositories() ? List.of() : excluded);
    return new ProvenanceReport.Throughput(overTime, Optional.of(comparison), outliers, perRepo);
  }

  /**
   * The current period over the baseline among {@code credited} changes; inconclusive with fewer
   * than {@link BaselineComparison#MIN_ENGINEERS} engineers on either side or an interval that
   * contains 1.
   */
  private static BaselineComparison compare(
      List<ChangeTotals> credited,
      Period baseline,
      Period current,
      Period span,
      MetricsOptions options,
      List<String> repositories,
      List<String> excluded) {
    double[] baseValues = perEngineerPerDay(credited, baseline, span);
    double[] currentValues = perEngineerPerDay(credited, current, span);
    Bootstrap.Interval interval =
        Bootstrap.ratioOfMeans(
            currentValues, baseValues, 0.95, options.bootstrapResamples(), options.seed());
    List<String> warnings = new ArrayList<>();
    int minimum = BaselineComparison.MIN_ENGINEERS;
    if (baseValues.length < minimum) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "only %d engineer%s in %s (fewer than %d)",
              baseValues.length,
              baseValues.length == 1 ? "" : "s",
              baseline.label(),
              minimum));
    }
    if (currentValues.length < minimum) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "only %d engineer%s in %s (fewer than %d)",
              currentValues.length,
              currentValues.length == 1 ? "" : "s",
              current.label(),
              minimum));
    }
    if (!(interval.low() > 1 || interval.high() < 1)) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "the %.0f%% interval %.2fx-%.2fx includes 1x (no change)",
              100 * interval.level(),
              interval.low(),
              interval.high()));
    }
    return new BaselineComparison(
        baseline.label(),
        mean(baseValues),
        baseValues.length,
        current.label(),
        mean(currentValues),
        currentValues.length,
        interval.estimate(),
        interval.low(),
        interval.high(),
        interval.level(),
        !warnings.isEmpty(),
        warnings,
        repositories.stream().sorted().toList(),
        excluded.stream().sorted().toList());
  }

  /**
   * Each active engineer's counted lines per day in {@code period} (cut to the scanned span), by
   * engineer.
   */
  private static double[] perEngineerPerDay(
      List<ChangeTotals> credited, Period period, Period span) {
    long days = overlapDays(period, span);
    if (days <= 0) {
      return new double[0];
    }
    Map<String, Long> lines = new TreeMap<>();
    for (ChangeTotals change : credited) {
      if (period.contains(change.day())) {
        lines.merge(change.engineer().orElseThrow(), change.added(), Long::sum);
      }
    }
    return lines.values().stream().mapToDouble(l -> (double) l / days).toArray();
  }

  private static long overlapDays(Period period, Period span) {
    LocalDate start = period.start().isAfter(span.start()) ? period.start() : span.start();
    LocalDate end = period.end().isBefore(span.end()) ? period.end() : span.end();
    return Math.max(0, ChronoUnit.DAYS.between(start, end));
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double value : values) {
      sum += value;
    }
    return sum / values.length;
  }

  private static ExclusionSummary exclusions(
      Connection connection, Set<Integer> repoIds, List<ChangeTotals> changes) throws SQLException {
    String sql =
        "SELECT f.exclusion, count(*), coalesce(sum(f.added), 0)"
            + " FROM git_change_files f JOIN git_changes c ON c.repo_id = f.repo_id AND c.sha = f.sha"
            + " WHERE f.exclusion IS NOT NULL AND NOT c.is_bot AND NOT c.ignored_revision"
            + repoFilter(repoIds, "f.repo_id")
            + " GROUP BY f.exclusion";
    Map<String, ExcludedCount> byReason = new TreeMap<>();
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        byReason.put(
            rows.getString(1).toLowerCase(Locale.ROOT),
            new ExcludedCount(rows.getLong(2), rows.getLong(3)));
      }
    }
    long ignoredChanges = 0;
    long ignoredLines = 0;
    long botChanges = 0;
    long botLines = 0;
    for (ChangeTotals change : changes) {
      if (change.bot()) {
        botChanges++;
        botLines += change.totalAdded();
      } else if (change.ignored()) {
        ignoredChanges++;
        ignoredLines += change.totalAdded();
      }
    }
    return new ExclusionSummary(byReason, ignoredChanges, ignoredLines, botChanges, botLines);
  }

  private static Optional<LiveCodeSummary> liveCode(Connection connection, Set<Integer> repoIds)
      throws SQLException {
    String sql =
        "SELECT count(*), coalesce(sum(lines), 0), coalesce(sum(strong), 0), coalesce(sum(medium), 0),"
            + " coalesce(sum(weak), 0), string_agg(DISTINCT revision, ' ' ORDER BY revision)"
            + " FROM git_live_files WHERE true"
            + repoFilter(repoIds, "repo_id");
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      if (rows.getLong(1) == 0) {
        return Optional.empty();
      }
      Map<String, Long> byAgent = new TreeMap<>();
      try (PreparedStatement agents =
              connection.prepareStatement(
                  "SELECT agent, sum(lines) FROM git_live_agents WHERE true"
                      + repoFilter(repoIds, "repo_id")
                      + " GROUP BY agent");
          ResultSet agentRows = agents.executeQuery()) {
        while (agentRows.next()) {
          byAgent.put(agentRows.getString(1), agentRows.getLong(2));
        }
      }
      return Optional.of(
          new LiveCodeSummary(
              rows.getString(6),
              rows.getLong(1),
              rows.getLong(2),
              rows.getLong(3),
              rows.getLong(4),
              rows.getLong(5),
              byAgent));
    }
  }

  private static List<ChangeRow> largest(
      Connection connection,
      List<ChangeTotals> counted,
      Map<Integer, RepoSummary> repos,
      Map<String, Map<String, Long>> agentsByChange)
      throws SQLException {
    // Ties (the same commit in a fork and its upstream) go by the repositories' report order, never
    // by store order: the list must not depend on which repository was scanned first.
    Map<Integer, Integer> reportOrder = new HashMap<>();
    for (Integer repoId : repos.keySet()) {
      reportOrder.put(repoId, reportOrder.size());
    }
    List<ChangeTotals> top =
        counted.stream()
            .filter(c -> c.ai() > 0)
            .sorted(
                Comparator.comparingLong(ChangeTotals::ai)
                    .reversed()
                    .thenComparing(ChangeTotals::sha)
                    .thenComparingInt(c -> reportOrder.get(c.repoId())))
            .limit(LARGEST_CHANGES)
            .toList();
    List<ChangeRow> result = new ArrayList<>();
    for (ChangeTotals change : top) {
      Set<String> detectors = new TreeSet<>();
      try (PreparedStatement statement =
          connection.prepareStatement(
              "SELECT DISTINCT detector FROM git_change_credits WHERE repo_id = ? AND sha = ?")) {
        statement.setInt(1, change.repoId());
        statement.setString(2, change.sha());
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            detectors.add(rows.getString(1));
          }
        }
      }
      Set<String> agents = new TreeSet<>();
      agentsByChange
          .getOrDefault(key(change.repoId(), change.sha()), Map.of())
          .keySet()
          .forEach(k -> agents.add(k.substring(0, k.indexOf('\u0000'))));
      Confidence confidence =
          change.strong() > 0
              ? Confidence.STRONG
              : change.medium() > 0 ? Confidence.MEDIUM : Confidence.WEAK;
      result.add(
          new ChangeRow(
              repos.get(change.repoId()).name(),
              change.sha(),
              change.subject(),
              change.committedAt(),
              change.added(),
              change.ai(),
              confidence,
              List.copyOf(agents),
              List.copyOf(detectors)));
    }
    return result;
  }

  private static List<String> caveats(
      Connection connection,
      Set<Integer> repoIds,
      Map<Integer, RepoSummary> repos,
      Totals totals,
      Headline headline,
      OutlierFilter outliers,
      List<CoverageBreak> breaks)
      throws SQLException {
    List<String> caveats = new ArrayList<>();
    caveats.add(
        "The AI share is a lower bound: lines with no AI evidence are counted as \"no AI evidence\", not as human."
            + " Agents that leave no trailer, note or trace, trailers dropped by squash merges, and IDE completions"
            + " are invisible in git history.");
    if (totals.aiWeak() > 0) {
      caveats.add(
          String.format(
              Locale.ROOT,
              "%d lines have only evidence that does not count (a merged agent branch name, aider's committer-only"
                  + " marker, a committed code-review suggestion) and are left out of the headline share.",
              totals.aiWeak()));
    }
    if (headline.droppedChanges() > 0) {
      caveats.add(
          String.format(
              Locale.ROOT,
              "The outlier cut (per repository) drops %d changes = %.1f%% of added lines from throughput;"
                  + " the headline AI share counts every change (%.1f%%; %.1f%% with the cut).",
              headline.droppedChanges(),
              100 * headline.droppedLineShare(),
              100 * headline.aiShare(),
              100 * headline.aiShareTrimmed()));
    }
    for (RepoCut cut : outliers.byRepository()) {
      if (!cut.percentileApplied()
          && outliers.percentile() < 100
          && cut.changes() > 0
          && cut.changes() < outliers.minChanges()) {
        caveats.add(
            String.format(
                Locale.ROOT,
                "%s has %d counted changes, fewer than %d: no percentile outlier cut.",
                cut.repo(),
                cut.changes(),
                outliers.minChanges()));
      }
    }
    for (CoverageBreak coverageBreak : breaks) {
      caveats.add(CoverageBreaks.sentence(coverageBreak));
    }
    for (RepoSummary repo : repos.values()) {
      if (repo.shallow()) {
        caveats.add(repo.name() + " is a shallow clone: history before its cut-off is missing.");
      }
    }
    String sql =
        "SELECT r.name, w.kind, count(*) FROM git_warnings w JOIN git_repos r ON r.repo_id = w.repo_id"
            + " WHERE w.kind <> 'shallow-clone'"
            + repoFilter(repoIds, "w.repo_id")
            + " GROUP BY r.name, w.kind ORDER BY r.name, w.kind";
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        caveats.add(
            String.format(
                Locale.ROOT,
                "%s: %d %s warning(s); see loopwatch scan output.",
                rows.getString(1),
                rows.getLong(3),
                rows.getString(2)));
      }
    }
    return caveats;
  }
}
