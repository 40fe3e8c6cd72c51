package dev.loopwatch.app.provenance;

import dev.loopwatch.core.agentedit.AgentWrite;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.git.provenance.SessionMatcher;
import dev.loopwatch.git.scan.ScanOptions;
import dev.loopwatch.sessions.edits.AgentWriteReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Command-line options that shape a scan; each overrides the {@code [git]} table of loopwatch.toml.
 */
final class ScanFlags {
  @Option(
      names = "--branch",
      paramLabel = "BRANCH",
      description = "Branch to follow (default: origin/HEAD, main, master).")
  String branch;

  @Option(
      names = "--since",
      paramLabel = "DATE",
      description = "Keep changes committed on or after DATE (YYYY-MM-DD, UTC).")
  String since;

  @Option(
      names = "--until",
      paramLabel = "DATE",
      description = "Keep changes committed before DATE (YYYY-MM-DD, UTC).")
  String until;

  @Option(
      names = "--exclude",
      paramLabel = "GLOB",
      description = "Also leave out paths matching GLOB (repeatable).")
  List<String> exclude = new ArrayList<>();

  @Option(
      names = "--blame",
      description = "Also measure the AI share of the lines alive at the tip (git blame).")
  boolean blame;

  @Option(
      names = "--sessions",
      paramLabel = "PATH",
      description =
          "Credit the lines Claude Code and Codex wrote in this folder of transcripts to the"
              + " commits that added them (session-matched evidence; repeatable). scan also"
              + " stores the sessions (a rescan of a folder replaces its sessions).")
  List<Path> sessions = new ArrayList<>();

  @Option(
      names = "--session-window",
      paramLabel = "HOURS",
      description =
          "How long after a session's last write its lines may still be committed"
              + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "24")
  int sessionWindowHours;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      description = "Concurrent git processes for --blame (default: cores).")
  Integer parallelism;

  ScanOptions resolve(ProvenanceSettings settings) {
    List<String> globs = new ArrayList<>(settings.excludeGlobs());
    globs.addAll(exclude);
    return new ScanOptions(
        Optional.ofNullable(branch).or(settings::branch),
        Optional.ofNullable(since).map(d -> day(d, "--since")),
        Optional.ofNullable(until).map(d -> day(d, "--until")),
        globs,
        blame,
        Optional.ofNullable(parallelism)
            .or(settings::parallelism)
            .orElse(Runtime.getRuntime().availableProcessors()),
        Optional.empty());
  }

  /** The file writes Claude Code and Codex made in the {@code --sessions} folders. */
  List<AgentWrite> agentWrites() {
    List<AgentWrite> writes = new ArrayList<>();
    for (Path folder : sessions) {
      if (Files.isDirectory(folder)) {
        writes.addAll(new AgentWriteReader().read(folder).writes());
      }
    }
    return writes;
  }

  /**
   * A matcher crediting {@code writes} to the commits of one repository; empty without {@code
   * --sessions}. scan and provenance both use it, so both credit the same lines.
   */
  Optional<SessionMatcher> sessionMatcher(List<AgentWrite> writes) {
    if (sessions.isEmpty()) {
      return Optional.empty();
    }
    if (sessionWindowHours < 0) {
      throw LoopwatchException.userInput(
          "--session-window must not be negative: " + sessionWindowHours);
    }
    return Optional.of(new SessionMatcher(writes, Duration.ofHours(sessionWindowHours)));
  }

  /** Prints how the sessions' written lines matched one repository's mined commits. */
  static void printMatch(PrintWriter err, String repo, SessionMatcher.Stats stats) {
    err.printf(
        Locale.ROOT,
        "%s: %d sessions wrote here; %d of %d written lines reached a mined commit"
            + " (%.1f%%); %d of %d lines added in session windows matched (%.1f%%)%n",
        repo,
        stats.sessions(),
        stats.committedWrittenLines(),
        stats.writtenLines(),
        100 * stats.writtenMatchRate(),
        stats.matchedAddedLines(),
        stats.windowAddedLines(),
        100 * stats.addedMatchRate());
  }

  private static Instant day(String text, String option) {
    try {
      return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          option + " must be a date like 2025-01-31: '" + text + "'", e);
    }
  }
}
