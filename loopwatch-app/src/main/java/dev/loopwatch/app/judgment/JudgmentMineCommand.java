package dev.loopwatch.app.judgment;

import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.sessions.SessionDates;
import dev.loopwatch.app.sessions.SessionsCommand;
import dev.loopwatch.core.detour.DetourPoint;
import dev.loopwatch.core.detour.Trigger;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.evals.judgment.Item;
import dev.loopwatch.evals.judgment.ItemMiner;
import dev.loopwatch.evals.judgment.ItemsFile;
import dev.loopwatch.sessions.ReadSummary;
import dev.loopwatch.sessions.detour.DetourPoints;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code loopwatch judgment mine}: reads transcript folders, finds their detour points and writes
 * them as judgment items, secrets redacted.
 */
@Command(
    name = "mine",
    mixinStandardHelpOptions = true,
    description = {
      "Write judgment items from coding-agent transcripts.",
      "An item is a tier-1 or tier-2 steer, correction or interrupt followed by a new human"
          + " instruction: the context before it, the human's next step and the outcome.",
      "Secrets (API keys, tokens, private keys, passwords) are redacted before writing, and the"
          + " count is printed."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "2:usage or input error, no transcripts found, or no items found",
      "3:internal or external failure"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch judgment mine ~/.claude/projects ~/.codex/sessions --out items.jsonl",
      "  loopwatch judgment mine ~/.gemini/tmp --max-context-tokens 4000 --out i.jsonl",
      "  loopwatch judgment mine ./transcripts --since 2026-01-01 --out i.jsonl --json"
    })
public final class JudgmentMineCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "TRANSCRIPTS",
      arity = "1..*",
      description =
          "Folders of transcripts (Claude Code projects, Codex sessions, Gemini CLI tmp, Copilot"
              + " CLI session-state, Aider histories); each is read by the agent whose files it"
              + " holds.")
  List<Path> paths = new ArrayList<>();

  @Option(
      names = "--out",
      paramLabel = "FILE",
      required = true,
      description = "Write the items here as JSON Lines (replaced if it exists).")
  Path out;

  @Option(
      names = "--max-context-tokens",
      paramLabel = "N",
      defaultValue = "" + ItemMiner.DEFAULT_CONTEXT_TOKENS,
      description =
          "Keep at most about N tokens of context per item, dropping the oldest steps first"
              + " (default: ${DEFAULT-VALUE}).")
  int maxContextTokens;

  @Option(
      names = "--max-outcome-tokens",
      paramLabel = "N",
      defaultValue = "" + ItemMiner.DEFAULT_OUTCOME_TOKENS,
      description =
          "Keep at most about N tokens of outcome per item, dropping the newest steps first"
              + " (default: ${DEFAULT-VALUE}).")
  int maxOutcomeTokens;

  @Option(
      names = "--since",
      paramLabel = "DATE",
      description = "Only sessions that started on or after DATE (YYYY-MM-DD, UTC).")
  String since;

  @Option(
      names = "--until",
      paramLabel = "DATE",
      description = "Only sessions that started on or before DATE (YYYY-MM-DD, UTC).")
  String until;

  @Option(names = "--json", description = "Print the summary as JSON.")
  boolean json;

  @Option(names = "--verbose", description = "Print stack traces with errors.")
  boolean verbose;

  /**
   * What a mining run did, as printed with {@code --json}.
   *
   * @param out the items file written
   * @param items items written
   * @param sessionsRead sessions read (main and subagent)
   * @param sessionsInWindow main sessions that started in the --since/--until window
   * @param sessionsWithItems sessions that gave at least one item
   * @param malformedLines transcript lines skipped as unreadable
   * @param itemsByAgent items per source agent, sorted
   * @param itemsByTrigger items per first trigger, as {@code tier:kind}, sorted
   * @param redactions secrets redacted in all
   * @param redactionsByKind secrets redacted per kind, sorted
   * @param contextTrimmed items whose context was trimmed to the budget
   */
  record Summary(
      String out,
      int items,
      int sessionsRead,
      int sessionsInWindow,
      int sessionsWithItems,
      int malformedLines,
      Map<String, Integer> itemsByAgent,
      Map<String, Integer> itemsByTrigger,
      int redactions,
      Map<String, Integer> redactionsByKind,
      int contextTrimmed) {}

  @Override
  public Integer call() {
    if (maxContextTokens < 1) {
      throw LoopwatchException.userInput(
          "--max-context-tokens must be positive, not " + maxContextTokens);
    }
    if (maxOutcomeTokens < 1) {
      throw LoopwatchException.userInput(
          "--max-outcome-tokens must be positive, not " + maxOutcomeTokens);
    }
    LocalDate from = SessionDates.parse("--since", since);
    LocalDate to = SessionDates.parse("--until", until);
    List<SessionsCommand.Source> sources = SessionsCommand.given(paths);
    ItemMiner miner = new ItemMiner(maxContextTokens, maxOutcomeTokens);
    Map<String, Integer> byAgent = new TreeMap<>();
    Map<String, Integer> byTrigger = new TreeMap<>();
    int[] counts = new int[4]; // read, in window, with items, context trimmed
    int malformed = 0;
    Path target = out.toAbsolutePath();
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    ItemsFile.Writer[] writer = {null};
    try {
      for (SessionsCommand.Source source : sources) {
        ReadSummary summary =
            source.read(session -> {
              counts[0]++;
              if (session.subagent() || !SessionDates.within(session, from, to)) {
                return;
              }
              counts[1]++;
              List<DetourPoint> points = DetourPoints.of(session);
              if (!points.isEmpty()) {
                counts[2]++;
              }
              for (DetourPoint point : points) {
                Item item = miner.item(point);
                if (writer[0] == null) {
                  writer[0] = ItemsFile.writer(partial);
                }
                writer[0].write(item);
                byAgent.merge(item.sourceAgent(), 1, Integer::sum);
                Trigger first = point.triggers().getFirst();
                byTrigger.merge(first.tier() + ":" + first.kind(), 1, Integer::sum);
                if (item.context().droppedTokens() > 0) {
                  counts[3]++;
                }
              }
            });
        malformed += summary.malformed().size();
      }
    } catch (RuntimeException e) {
      if (writer[0] != null) {
        try {
          writer[0].close();
        } catch (RuntimeException closing) {
          e.addSuppressed(closing);
        }
        deleteQuietly(partial);
      }
      throw e;
    }
    if (writer[0] != null) {
      writer[0].close();
    }
    String named = paths.stream().map(Path::toString).collect(Collectors.joining(", "));
    if (counts[0] == 0) {
      throw LoopwatchException.userInput("no transcripts found in " + named);
    }
    if (counts[1] == 0) {
      throw LoopwatchException.userInput(
          "no items: none of the "
              + counts[0]
              + " sessions read in "
              + named
              + " is a main session"
              + (from != null || to != null ? " that started in the --since/--until window" : ""));
    }
    if (miner.items() == 0) {
      throw LoopwatchException.userInput(
          "no items: none of the "
              + counts[1]
              + " sessions in "
              + named
              + " has a steer, correction or interrupt followed by a new instruction");
    }
    try {
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw LoopwatchException.external("cannot write " + out, e);
    }
    Summary summary =
        new Summary(
            out.toString(),
            miner.items(),
            counts[0],
            counts[1],
            counts[2],
            malformed,
            byAgent,
            byTrigger,
            miner.redactionCount(),
            miner.redactions(),
            counts[3]);
    PrintWriter printer = spec.commandLine().getOut();
    if (json) {
      Json.print(summary, printer);
    } else {
      print(summary, printer);
    }
    return 0;
  }

  private static void print(Summary summary, PrintWriter out) {
    out.println(
        "Wrote "
            + summary.items()
            + " items from "
            + summary.sessionsWithItems()
            + " of "
            + summary.sessionsInWindow()
            + " sessions to "
            + summary.out());
    out.println("By agent: " + list(summary.itemsByAgent()));
    out.println("By trigger: " + list(summary.itemsByTrigger()));
    out.println(
        "Redacted "
            + summary.redactions()
            + (summary.redactions() == 1 ? " secret" : " secrets")
            + (summary.redactions() == 0 ? "" : ": " + list(summary.redactionsByKind())));
    out.println(
        "Context trimmed to the token budget in "
            + summary.contextTrimmed()
            + " of "
            + summary.items()
            + " items");
    if (summary.malformedLines() > 0) {
      out.println("Skipped " + summary.malformedLines() + " unreadable transcript lines");
    }
    out.flush();
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // The run fails anyway; a leftover .partial file is named by its suffix.
    }
  }

  private static String list(Map<String, Integer> counts) {
    return counts.entrySet().stream()
        .map(entry -> entry.getKey() + " " + entry.getValue())
        .collect(Collectors.joining(", "));
  }
}
