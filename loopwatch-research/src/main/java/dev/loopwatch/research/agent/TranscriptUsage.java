package dev.loopwatch.research.agent;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.cost.Prices;
import dev.loopwatch.sessions.ReadResult;
import dev.loopwatch.sessions.claude.ClaudeCodeReader;
import dev.loopwatch.sessions.codex.CodexReader;
import dev.loopwatch.sessions.cost.DailyCost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tokens and dollars an agent spent, read from the transcripts it wrote into its own HOME with
 * Loopwatch's session readers: Claude Code's {@code .claude/projects} and Codex's {@code
 * .codex/sessions}. The agent can write these files, so the numbers are what it recorded, not what
 * the provider billed: enough to stop a runaway agent, not an audit.
 *
 * @param tokens all tokens (input, output, cache writes and reads)
 * @param costUsd the cost of the priced models, in US dollars
 * @param unpricedModels models whose tokens have no price (their cost is not counted)
 */
public record TranscriptUsage(long tokens, double costUsd, Set<String> unpricedModels) {
  /** Nothing spent. */
  public static final TranscriptUsage NONE = new TranscriptUsage(0, 0, Set.of());

  public TranscriptUsage {
    unpricedModels =
        java.util.Collections.unmodifiableSet(
            new TreeSet<>(requireNonNull(unpricedModels, "unpricedModels is null")));
  }

  /** Reads the transcripts below {@code home} (nothing when there are none). */
  public static TranscriptUsage read(Path home, Prices prices) {
    requireNonNull(prices, "prices is null");
    List<DailyCost> rows = new ArrayList<>();
    Path claude = home.resolve(".claude/projects");
    if (ownFolder(home, claude)) {
      rows.addAll(costs(new ClaudeCodeReader().read(claude), prices));
    }
    Path codex = home.resolve(".codex/sessions");
    if (ownFolder(home, codex)) {
      rows.addAll(costs(new CodexReader().read(codex), prices));
    }
    long tokens = 0;
    double cost = 0;
    Set<String> unpriced = new TreeSet<>();
    for (DailyCost row : rows) {
      tokens += row.tokens().total();
      if (row.costUsd().isPresent()) {
        cost += row.costUsd().get();
      } else if (row.tokens().total() > 0) {
        unpriced.add(row.model().isEmpty() ? "(unnamed)" : row.model());
      }
    }
    return new TranscriptUsage(tokens, cost, unpriced);
  }

  /**
   * Whether {@code folder} is a real folder below {@code home}: the agent owns HOME and could make
   * these names symbolic links to the host's own transcripts.
   */
  private static boolean ownFolder(Path home, Path folder) {
    try {
      return Files.isDirectory(folder, java.nio.file.LinkOption.NOFOLLOW_LINKS)
          && folder.toRealPath().startsWith(home.toRealPath());
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static List<DailyCost> costs(ReadResult result, Prices prices) {
    return DailyCost.of(result.sessions(), prices);
  }
}
