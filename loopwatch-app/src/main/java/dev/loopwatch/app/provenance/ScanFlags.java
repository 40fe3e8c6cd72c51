package dev.loopwatch.app.provenance;

import dev.loopwatch.git.scan.ScanOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
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
          "Also store the agent sessions of this folder of transcripts (repeatable; a rescan"
              + " of a folder replaces its sessions), and credit the lines Claude Code and Codex"
              + " wrote to the commits mined (session-matched evidence).")
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

  private static Instant day(String text, String option) {
    try {
      return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          option + " must be a date like 2025-01-31: '" + text + "'", e);
    }
  }
}
