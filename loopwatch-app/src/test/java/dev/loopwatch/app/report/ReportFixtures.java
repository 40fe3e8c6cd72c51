package dev.loopwatch.app.report;

import dev.loopwatch.core.time.Granularity;
import dev.loopwatch.git.evidence.Confidence;
import dev.loopwatch.git.metrics.ProvenanceReport;
import dev.loopwatch.git.metrics.ProvenanceReport.AgentLines;
import dev.loopwatch.git.metrics.ProvenanceReport.BaselineComparison;
import dev.loopwatch.git.metrics.ProvenanceReport.BreakDirection;
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
import dev.loopwatch.git.metrics.ProvenanceReport.Throughput;
import dev.loopwatch.git.metrics.ProvenanceReport.ThroughputBucket;
import dev.loopwatch.git.metrics.ProvenanceReport.Totals;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Hand-built provenance reports for the renderer tests: a realistic one, an empty one and a small
 * one.
 */
final class ReportFixtures {
  /** A commit subject that would break a page that does not escape it. */
  static final String HOSTILE_SUBJECT = "Fix </script><b>x</b> escaping — naïve café ✓ 日本語 🚀";

  private ReportFixtures() {}

  /**
   * Three repositories, eight quarters (2024-Q1 to 2025-Q4), four agents, a baseline comparison and
   * live code. Totals: 100,000 added lines, 18,000 strong, 5,400 medium, 3,100 weak (AI share
   * 23.4%, with weak 26.5%); live code 50,000 lines with 9,000 strong and 2,100 medium (22.2%).
   */
  static ProvenanceReport realistic() {
    List<RepoSummary> repos =
        List.of(
            new RepoSummary(
                "payments-api",
                "/srv/git/payments-api",
                "main",
                "3f9c2a1e8b7d6c5f4a3b2c1d0e9f8a7b6c5d4e3f",
                1423,
                Optional.of(Instant.parse("2024-01-03T10:15:00Z")),
                Optional.of(Instant.parse("2025-12-18T16:40:00Z")),
                false,
                0,
                new Totals(1400, 52000, 21000, 3000, 9000, 800),
                new RepoCut("payments-api", 1400, true, Optional.of(2400L), 14, 70000, 9000),
                Optional.empty()),
            new RepoSummary(
                "web-frontend",
                "/srv/git/web-frontend",
                "main",
                "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
                2187,
                Optional.of(Instant.parse("2024-01-08T08:00:00Z")),
                Optional.of(Instant.parse("2025-12-19T11:02:00Z")),
                false,
                3,
                new Totals(2100, 81000, 30000, 2500, 14000, 1200),
                new RepoCut("web-frontend", 2100, true, Optional.of(2400L), 27, 142000, 11000),
                Optional.empty()),
            new RepoSummary(
                "infra-tools",
                "/srv/git/infra-tools",
                "trunk",
                "0badc0ffee0123456789abcdef0123456789abcd",
                412,
                Optional.of(Instant.parse("2025-03-01T09:00:00Z")),
                Optional.of(Instant.parse("2025-12-12T14:30:00Z")),
                true,
                0,
                new Totals(400, 9000, 4000, 0, 1500, 0),
                new RepoCut("infra-tools", 400, true, Optional.of(900L), 0, 0, 0),
                Optional.empty()));
    long[][] share = {
      // changes, added, strong, medium, weak
      {450, 10000, 200, 300, 100},
      {480, 11000, 400, 500, 200},
      {500, 11500, 800, 600, 300},
      {490, 12000, 1400, 700, 400},
      {510, 13000, 2300, 800, 400},
      {520, 13500, 3300, 800, 500},
      {530, 14000, 4400, 800, 600},
      {542, 15000, 5200, 900, 600},
    };
    long[][] agents = {
      // claude-code, copilot, cursor, aider
      {0, 500, 0, 0},
      {0, 700, 200, 0},
      {0, 800, 600, 0},
      {500, 900, 700, 0},
      {1500, 900, 700, 0},
      {2400, 800, 600, 300},
      {3300, 700, 700, 500},
      {4000, 700, 800, 600},
    };
    String[] agentNames = {"claude-code", "copilot", "cursor", "aider"};
    long[] days = {91, 91, 92, 92, 90, 91, 92, 92};
    int[] engineers = {24, 25, 25, 26, 26, 27, 27, 28};
    List<ShareBucket> buckets = new ArrayList<>();
    List<ThroughputBucket> throughput = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String period = (2024 + i / 4) + "-Q" + (i % 4 + 1);
      LocalDate start = LocalDate.of(2024 + i / 4, (i % 4) * 3 + 1, 1);
      Map<String, Long> byAgent = new LinkedHashMap<>();
      for (int a = 0; a < 4; a++) {
        if (agents[i][a] > 0) {
          byAgent.put(agentNames[a], agents[i][a]);
        }
      }
      buckets.add(
          new ShareBucket(
              period,
              start,
              share[i][0],
              share[i][1],
              share[i][2],
              share[i][3],
              share[i][4],
              byAgent,
              share[i][0] / 2,
              share[i][1] / 2,
              OptionalDouble.empty(),
              OptionalDouble.empty()));
      throughput.add(
          new ThroughputBucket(
              period,
              start,
              days[i],
              engineers[i],
              share[i][1],
              (double) share[i][1] / (engineers[i] * days[i])));
    }
    double baselineValue = 11000.0 / (25 * 91);
    double currentValue = 15000.0 / (28 * 92);
    BaselineComparison comparison =
        new BaselineComparison(
            "2024-Q2",
            baselineValue,
            25,
            "2025-Q4",
            currentValue,
            28,
            currentValue / baselineValue,
            1.08,
            1.34,
            0.95,
            false,
            List.of(),
            List.of("payments-api", "web-frontend"),
            List.of("infra-tools"));
    List<AgentLines> byAgent =
        List.of(
            new AgentLines(
                "claude-code", Optional.of("claude-sonnet-4-5"), Confidence.STRONG, 7000),
            new AgentLines("copilot", Optional.of("gpt-4.1"), Confidence.STRONG, 4200),
            new AgentLines("claude-code", Optional.of("claude-opus-4-1"), Confidence.STRONG, 3200),
            new AgentLines("cursor", Optional.of("gpt-5"), Confidence.STRONG, 2800),
            new AgentLines("copilot", Optional.empty(), Confidence.WEAK, 1900),
            new AgentLines("copilot", Optional.empty(), Confidence.MEDIUM, 1800),
            new AgentLines("claude-code", Optional.empty(), Confidence.MEDIUM, 1500),
            new AgentLines("cursor", Optional.empty(), Confidence.MEDIUM, 1500),
            new AgentLines("claude-code", Optional.empty(), Confidence.WEAK, 1200),
            new AgentLines(
                "aider", Optional.of("anthropic/claude-sonnet-4:thinking"), Confidence.STRONG, 800),
            new AgentLines("aider", Optional.empty(), Confidence.MEDIUM, 600));
    List<PathLines> byPath =
        List.of(
            new PathLines("@payments/core-team", 30000, 8200),
            new PathLines("web/src/components", 25000, 6900),
            new PathLines("web/src/pages, legacy", 15000, 3000),
            new PathLines("infra/terraform", 12000, 2100),
            new PathLines("scripts", 10000, 1400),
            new PathLines("docs", 8000, 1800));
    Map<String, ExcludedCount> byReason = new LinkedHashMap<>();
    byReason.put("LOCK_FILE", new ExcludedCount(312, 184220));
    byReason.put("GENERATED", new ExcludedCount(95, 60112));
    byReason.put("VENDORED", new ExcludedCount(40, 90500));
    byReason.put("BINARY", new ExcludedCount(120, 0));
    List<ChangeRow> largest =
        List.of(
            new ChangeRow(
                "payments-api",
                "9e8d7c6b5a49382716051f2e3d4c5b6a79881726",
                "Add ledger reconciliation job",
                Instant.parse("2025-11-04T15:12:00Z"),
                2310,
                2105,
                Confidence.STRONG,
                List.of("claude-code"),
                List.of("git-ai-notes")),
            new ChangeRow(
                "web-frontend",
                "1234abcd5678ef901234abcd5678ef9012345678",
                HOSTILE_SUBJECT,
                Instant.parse("2025-10-21T09:44:00Z"),
                1880,
                1400,
                Confidence.MEDIUM,
                List.of("claude-code", "copilot"),
                List.of("co-author-trailer")),
            new ChangeRow(
                "web-frontend",
                "abcdefabcdefabcdefabcdefabcdefabcdefabcd",
                "Migrate settings page to the new form library",
                Instant.parse("2025-08-02T12:00:00Z"),
                1502,
                1502,
                Confidence.STRONG,
                List.of("cursor"),
                List.of("agent-trace")),
            new ChangeRow(
                "infra-tools",
                "fedcba9876543210fedcba9876543210fedcba98",
                "Terraform module for the staging cluster",
                Instant.parse("2025-06-17T17:30:00Z"),
                1210,
                980,
                Confidence.WEAK,
                List.of("copilot"),
                List.of("branch-name")));
    LiveCodeSummary live =
        new LiveCodeSummary(
            "3f9c2a1e8b7d6c5f4a3b2c1d0e9f8a7b6c5d4e3f",
            1840,
            50000,
            9000,
            2100,
            800,
            Map.of("claude-code", 6200L, "copilot", 2600L, "cursor", 1700L, "aider", 600L));
    return new ProvenanceReport(
        Instant.parse("2026-01-05T09:30:00Z"),
        Granularity.QUARTER,
        repos,
        new Totals(4022, 100000, 41000, 18000, 5400, 3100),
        new Headline(0.234, 0.2, 41, 212000, 212000.0 / 312000, 20000),
        buckets,
        List.of(
            new CoverageBreak(
                "web-frontend",
                "claude-code",
                BreakDirection.STOPS,
                LocalDate.of(2025, 2, 17),
                "1234abcd5678ef901234abcd5678ef9012345678",
                50,
                31,
                240,
                1,
                Optional.of(LocalDate.of(2025, 3, 2)),
                LocalDate.of(2025, 2, 18),
                LocalDate.of(2025, 8, 22))),
        byAgent,
        List.of(
            new SourceLines(
                "Co-authored-by identity email noreply@anthropic.com",
                "co-author-trailer",
                "change-level",
                "claude-code",
                true,
                120,
                1500),
            new SourceLines(
                "Co-authored-by review bot github-id 176961590",
                "review-suggestion",
                "review-suggestion",
                "gemini",
                false,
                14,
                900)),
        byPath,
        new Throughput(
            throughput,
            Optional.of(comparison),
            new OutlierFilter(
                99,
                5000,
                200,
                41,
                212000,
                20000,
                new Totals(3981, 80000, 30000, 12000, 4000, 2000),
                List.of(
                    new RepoCut("payments-api", 1400, true, Optional.of(2400L), 14, 70000, 9000),
                    new RepoCut("web-frontend", 2100, true, Optional.of(2400L), 27, 142000, 11000),
                    new RepoCut("infra-tools", 400, true, Optional.of(900L), 0, 0, 0))),
            List.of(
                new RepoBaseline(
                    "payments-api",
                    new BaselineComparison(
                        "2024-Q2",
                        4.1,
                        12,
                        "2025-Q4",
                        5.2,
                        13,
                        5.2 / 4.1,
                        0.9,
                        1.7,
                        0.95,
                        true,
                        List.of("the 95% interval 0.90x-1.70x includes 1x (no change)"),
                        List.of("payments-api"),
                        List.of())))),
        new ExclusionSummary(byReason, 3, 25400, 610, 48200),
        Optional.of(live),
        largest,
        List.of(
            "infra-tools is a shallow clone: its history before 2025-03-01 is missing.",
            "3 inputs in web-frontend were skipped (unreadable git notes).",
            "Throughput counts merged lines; it is not a measure of value or productivity."));
  }

  /** A scanned repository with no merged changes: every list empty, every optional empty. */
  static ProvenanceReport empty() {
    return new ProvenanceReport(
        Instant.parse("2026-01-05T09:30:00Z"),
        Granularity.MONTH,
        List.of(
            new RepoSummary(
                "empty-repo",
                "/tmp/empty-repo",
                "main",
                "0000000000000000000000000000000000000000",
                0,
                Optional.empty(),
                Optional.empty(),
                false,
                0,
                new Totals(0, 0, 0, 0, 0, 0),
                new RepoCut("empty-repo", 0, false, Optional.empty(), 0, 0, 0),
                Optional.empty())),
        new Totals(0, 0, 0, 0, 0, 0),
        new Headline(0, 0, 0, 0, 0, 0),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        new Throughput(
            List.of(),
            Optional.empty(),
            new OutlierFilter(99, 0, 200, 0, 0, 0, new Totals(0, 0, 0, 0, 0, 0), List.of()),
            List.of()),
        new ExclusionSummary(Map.of(), 0, 0, 0, 0),
        Optional.empty(),
        List.of(),
        List.of());
  }

  /**
   * One repository, two months, one agent, with a baseline, live code and a path group that needs
   * CSV quoting.
   */
  static ProvenanceReport small() {
    return new ProvenanceReport(
        Instant.parse("2025-07-01T00:00:00Z"),
        Granularity.MONTH,
        List.of(
            new RepoSummary(
                "demo",
                "/work/demo",
                "main",
                "1111111111111111111111111111111111111111",
                5,
                Optional.of(Instant.parse("2025-05-02T10:00:00Z")),
                Optional.of(Instant.parse("2025-06-20T10:00:00Z")),
                false,
                1,
                new Totals(0, 0, 0, 0, 0, 0),
                new RepoCut("demo", 5, false, Optional.empty(), 0, 0, 0),
                Optional.empty())),
        new Totals(5, 400, 40, 100, 20, 10),
        new Headline(0.3, 0.3, 0, 0, 0, 0),
        List.of(
            new ShareBucket(
                "2025-05",
                LocalDate.of(2025, 5, 1),
                2,
                100,
                0,
                20,
                0,
                Map.of("codex", 20L),
                1,
                60,
                OptionalDouble.of(0.0),
                OptionalDouble.of(0.4)),
            new ShareBucket(
                "2025-06",
                LocalDate.of(2025, 6, 1),
                3,
                300,
                100,
                0,
                10,
                Map.of("codex", 100L),
                1,
                200,
                OptionalDouble.of(0.0),
                OptionalDouble.of(0.5))),
        List.of(),
        List.of(
            new AgentLines("codex", Optional.of("gpt-5:high"), Confidence.STRONG, 100),
            new AgentLines("codex", Optional.empty(), Confidence.MEDIUM, 20)),
        List.of(
            new SourceLines("refs/notes/ai", "git-ai-note", "line-level", "codex", true, 1, 100),
            new SourceLines(
                "merged branch prefix codex/",
                "branch-prefix",
                "circumstantial",
                "codex",
                false,
                1,
                10)),
        List.of(new PathLines("src/\"core\", api", 400, 120)),
        new Throughput(
            List.of(
                new ThroughputBucket("2025-05", LocalDate.of(2025, 5, 1), 31, 2, 100, 100.0 / 62),
                new ThroughputBucket("2025-06", LocalDate.of(2025, 6, 1), 30, 1, 300, 10.0)),
            Optional.of(
                new BaselineComparison(
                    "2025-05",
                    100.0 / 62,
                    2,
                    "2025-06",
                    10.0,
                    1,
                    6.2,
                    1.5,
                    12.25,
                    0.9,
                    true,
                    List.of(
                        "only 2 engineers in 2025-05 (fewer than 5)",
                        "only 1 engineer in 2025-06 (fewer than 5)"),
                    List.of("demo"),
                    List.of())),
            new OutlierFilter(
                99, 0, 200, 1, 900, 0, new Totals(4, 400, 40, 100, 20, 10), List.of()),
            List.of()),
        new ExclusionSummary(Map.of("lock_file", new ExcludedCount(2, 1500)), 1, 80, 4, 60),
        Optional.of(
            new LiveCodeSummary(
                "1111111111111111111111111111111111111111",
                3,
                350,
                90,
                15,
                5,
                Map.of("codex", 105L))),
        List.of(),
        List.of("Lower bound."));
  }
}
