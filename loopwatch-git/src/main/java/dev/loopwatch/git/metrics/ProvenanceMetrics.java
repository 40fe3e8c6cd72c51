package dev.loopwatch.git.metrics;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.stats.Bootstrap;
import dev.loopwatch.core.stats.Quantiles;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.core.time.Period;
import dev.loopwatch.git.evidence.Confidence;
import dev.loopwatch.git.evidence.EvidenceClass;
import dev.loopwatch.git.metrics.ProvenanceReport.AgentLines;
import dev.loopwatch.git.metrics.ProvenanceReport.BaselineComparison;
import dev.loopwatch.git.metrics.ProvenanceReport.ChangeRow;
import dev.loopwatch.git.metrics.ProvenanceReport.ExcludedCount;
import dev.loopwatch.git.metrics.ProvenanceReport.ExclusionSummary;
import dev.loopwatch.git.metrics.ProvenanceReport.LiveCodeSummary;
import dev.loopwatch.git.metrics.ProvenanceReport.OutlierFilter;
import dev.loopwatch.git.metrics.ProvenanceReport.PathLines;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Computes the provenance report from the store.
 *
 * <p>Every added line of a merged change lands in exactly one bucket: by an automation bot; in a
 * change listed in .git-blame-ignore-revs; in an excluded file (binary, lock file, generated,
 * vendored, user glob); in an outlier change; or counted. The AI share is AI lines (strong and
 * medium evidence) over counted lines; lines with no evidence are "no AI evidence", so the share is
 * a lower bound. Throughput is counted lines per active human engineer per day, where a change's
 * lines count for the human credited with it (its author, or the human co-author or committer of an
 * agent's change). Days and buckets are UTC.
 */
public final class ProvenanceMetrics {
  private static final int LARGEST_CHANGES = 20;
  private static final int PATH_GROUPS = 30;

  private ProvenanceMetrics() {}

  /** One merged change, summed over its counted files. */
  private record ChangeTotals(
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

  private static ProvenanceReport compute(
      Connection connection, Set<Integer> requested, MetricsOptions options) throws SQLException {
    Map<Integer, RepoSummary> repos = repos(connection, requested);
    Set<Integer> repoIds = repos.keySet();
    List<ChangeTotals> changes = changes(connection, repoIds);

    List<ChangeTotals> eligible = changes.stream().filter(c -> !c.bot() && !c.ignored()).toList();
    double[] sizes = eligible.stream().mapToDouble(ChangeTotals::added).sorted().toArray();
    long threshold =
        sizes.length == 0
            ? 0
            : (long) Math.floor(Quantiles.sorted(sizes, options.outlierPercentile() / 100.0));
    if (options.outlierPercentile() >= 100 && sizes.length > 0) {
      threshold = (long) sizes[sizes.length - 1];
    }
    if (options.outlierMaxLines() > 0) {
      threshold =
          sizes.length == 0
              ? options.outlierMaxLines()
              : Math.min(threshold, options.outlierMaxLines());
    }
    long cutOff = threshold;
    List<ChangeTotals> counted = new ArrayList<>();
    long droppedChanges = 0;
    long droppedLines = 0;
    Set<String> dropped = new HashSet<>();
    for (ChangeTotals change : eligible) {
      if (change.added() > cutOff) {
        droppedChanges++;
        droppedLines += change.added();
        dropped.add(key(change.repoId(), change.sha()));
      } else {
        counted.add(change);
      }
    }

    Totals totals = totals(counted);
    Map<Integer, RepoSummary> withTotals = new TreeMap<>();
    repos.forEach((id, repo) ->
        withTotals.put(
            id,
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
                totals(counted.stream().filter(c -> c.repoId() == id).toList()))));
    repos = withTotals;
    Map<String, Map<String, Long>> agentsByChange = new HashMap<>();
    List<AgentLines> byAgent = byAgent(connection, repoIds, dropped, agentsByChange);
    List<SourceLines> bySource = bySource(connection, repoIds, dropped);
    List<ShareBucket> share = shareOverTime(counted, options, agentsByChange);
    List<PathLines> byPath = byPath(connection, repoIds, dropped, options.teams());
    ProvenanceReport.Throughput throughput =
        throughput(
            counted,
            options,
            new OutlierFilter(
                options.outlierPercentile(),
                options.outlierMaxLines(),
                cutOff,
                droppedChanges,
                droppedLines));
    ExclusionSummary exclusions = exclusions(connection, repoIds, changes);
    Optional<LiveCodeSummary> live = liveCode(connection, repoIds);
    List<ChangeRow> largest = largest(connection, counted, repos, agentsByChange);
    List<String> caveats =
        caveats(connection, repoIds, repos, totals, droppedChanges, droppedLines, cutOff);
    return new ProvenanceReport(
        Instant.now(),
        options.granularity(),
        List.copyOf(repos.values()),
        totals,
        share,
        byAgent,
        bySource,
        byPath,
        throughput,
        exclusions,
        live,
        largest,
        caveats);
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
    Map<Integer, RepoSummary> result = new TreeMap<>();
    String sql =
        "SELECT r.repo_id, r.name, r.root, r.branch, r.tip, r.shallow,"
            + " (SELECT count(*) FROM git_changes c WHERE c.repo_id = r.repo_id),"
            + " (SELECT min(committed_at) FROM git_changes c WHERE c.repo_id = r.repo_id),"
            + " (SELECT max(committed_at) FROM git_changes c WHERE c.repo_id = r.repo_id),"
            + " (SELECT count(*) FROM git_warnings w WHERE w.repo_id = r.repo_id)"
            + " FROM git_repos r WHERE true"
            + (requested.isEmpty() ? "" : repoFilter(requested, "r.repo_id"))
            + " ORDER BY r.name, r.branch, r.repo_id";
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
                new Totals(0, 0, 0, 0, 0, 0)));
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
   * AI lines per agent, model and confidence over counted files of counted changes; fills
   * per-change agent lines.
   */
  private static List<AgentLines> byAgent(
      Connection connection,
      Set<Integer> repoIds,
      Set<String> dropped,
      Map<String, Map<String, Long>> perChange)
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
        if (dropped.contains(change)) {
          continue;
        }
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
   * files of counted changes, most lines first.
   */
  private static List<SourceLines> bySource(
      Connection connection, Set<Integer> repoIds, Set<String> dropped) throws SQLException {
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
        if (dropped.contains(key(rows.getInt(1), rows.getString(2)))) {
          continue;
        }
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
      sums.added += change.added();
      sums.strong += change.strong();
      sums.medium += change.medium();
      sums.weak += change.weak();
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
    List<ShareBucket> result = new ArrayList<>();
    for (BucketSums sums : buckets.values()) {
      result.add(
          new ShareBucket(
              sums.period.label(),
              sums.period.start(),
              sums.changes,
              sums.added,
              sums.strong,
              sums.medium,
              sums.weak,
              sums.byAgent));
    }
    return result;
  }

  /** Running sums for one time bucket. */
  private static final class BucketSums {
    final Period period;
    long changes;
    long added;
    long strong;
    long medium;
    long weak;
    final Map<String, Long> byAgent = new TreeMap<>();

    BucketSums(Period period) {
      this.period = period;
    }
  }

  private static List<PathLines> byPath(
      Connection connection,
      Set<Integer> repoIds,
      Set<String> dropped,
      Map<String, List<String>> teams)
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
        if (!dropped.isEmpty() && dropped.contains(key(rows.getInt(1), rows.getString(2)))) {
          continue;
        }
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

  private static ProvenanceReport.Throughput throughput(
      List<ChangeTotals> counted, MetricsOptions options, OutlierFilter outliers) {
    List<ChangeTotals> credited = counted.stream().filter(c -> c.engineer().isPresent()).toList();
    if (credited.isEmpty()) {
      return new ProvenanceReport.Throughput(List.of(), Optional.empty(), outliers);
    }
    LocalDate first =
        credited.stream().map(ChangeTotals::day).min(Comparator.naturalOrder()).orElseThrow();
    LocalDate last =
        credited.stream().map(ChangeTotals::day).max(Comparator.naturalOrder()).orElseThrow();
    Period span = new Period("scanned", first, last.plusDays(1));

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

    Optional<BaselineComparison> comparison = Optional.empty();
    if (options.baseline().isPresent()) {
      Period baseline = options.baseline().get();
      Period current =
          options
              .current()
              .orElse(
                  new Period("last 365 days to " + last, last.minusDays(364), last.plusDays(1)));
      double[] baseValues = perEngineerPerDay(credited, baseline, span);
      double[] currentValues = perEngineerPerDay(credited, current, span);
      if (baseValues.length == 0) {
        throw LoopwatchException.userInput(
            "baseline "
                + baseline.label()
                + " has no merged changes by a human engineer in the scanned history");
      }
      if (currentValues.length == 0) {
        throw LoopwatchException.userInput(
            "period "
                + current.label()
                + " has no merged changes by a human engineer in the scanned history");
      }
      Bootstrap.Interval interval =
          Bootstrap.ratioOfMeans(
              currentValues, baseValues, 0.95, options.bootstrapResamples(), options.seed());
      comparison =
          Optional.of(
              new BaselineComparison(
                  baseline.label(),
                  mean(baseValues),
                  baseValues.length,
                  current.label(),
                  mean(currentValues),
                  currentValues.length,
                  interval.estimate(),
                  interval.low(),
                  interval.high(),
                  interval.level()));
    }
    return new ProvenanceReport.Throughput(overTime, comparison, outliers);
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
    List<ChangeTotals> top =
        counted.stream()
            .filter(c -> c.ai() > 0)
            .sorted(
                Comparator.comparingLong(ChangeTotals::ai)
                    .reversed()
                    .thenComparing(ChangeTotals::sha))
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
      long droppedChanges,
      long droppedLines,
      long cutOff)
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
    if (droppedChanges > 0) {
      caveats.add(
          String.format(
              Locale.ROOT,
              "%d outlier changes (more than %d counted added lines; %d lines in all) are left out.",
              droppedChanges,
              cutOff,
              droppedLines));
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
