package dev.loopwatch.app.sessions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.core.config.UserHome;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.sessions.Malformed;
import dev.loopwatch.sessions.ReadSummary;
import dev.loopwatch.sessions.Session;
import dev.loopwatch.sessions.SessionsSummary;
import dev.loopwatch.sessions.aider.AiderReader;
import dev.loopwatch.sessions.claude.ClaudeCodeReader;
import dev.loopwatch.sessions.codex.CodexReader;
import dev.loopwatch.sessions.copilot.CopilotReader;
import dev.loopwatch.sessions.cost.DailyCost;
import dev.loopwatch.sessions.gemini.GeminiReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code loopwatch sessions}: interventions by tier, autonomy, delegation, task success and tokens
 * from Claude Code, Codex, Gemini CLI, GitHub Copilot CLI and Aider transcripts.
 */
@Command(
    name = "sessions",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch sessions                                   # the default transcript folders",
      "  loopwatch sessions ~/transcripts --agent claude --since 2026-01-01 --json",
      "  loopwatch sessions ~/src --agent aider              # every .aider.chat.history.md below ~/src"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success (a warning on stderr when no session is in the --since/--until window)",
      "2:usage or input error, or no transcripts found at all",
      "3:internal or external failure"
    },
    description = {
      "Print interventions by tier, autonomy, delegation, task success and tokens per day from"
          + " coding-agent transcripts.",
      "Without PATH: $CLAUDE_CONFIG_DIR/projects, ~/.claude/projects, ~/.config/claude/projects,"
          + " $CODEX_HOME/sessions (default ~/.codex/sessions), ~/.gemini/tmp and"
          + " ~/.copilot/session-state, those that exist. Aider histories"
          + " (.aider.chat.history.md) are read only below a PATH."
    })
public final class SessionsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "PATH",
      arity = "0..*",
      description =
          "Folders of transcripts; each is read by the agent whose files it holds (Claude Code"
              + " projects, Codex rollouts, Gemini chats, Copilot events.jsonl, Aider"
              + " histories).")
  List<Path> paths = new ArrayList<>();

  @Option(
      names = "--agent",
      paramLabel = "AGENT",
      description = "Only this agent: claude, codex, gemini, copilot or aider.")
  String agent;

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

  @Option(names = "--json", description = "Print the numbers as JSON.")
  boolean json;

  @Option(
      names = "--explain",
      description =
          "Also list every counted intervention and task outcome: session, time, agent, tier,"
              + " kind, transcript file:line and an excerpt (in --json, the field explain).")
  boolean explain;

  @Option(names = "--verbose", description = "Print stack traces with errors.")
  boolean verbose;

  /** The default transcript folders, as named in messages. */
  static final String DEFAULT_FOLDERS =
      "$CLAUDE_CONFIG_DIR/projects, ~/.claude/projects, ~/.config/claude/projects,"
          + " $CODEX_HOME/sessions, ~/.gemini/tmp, ~/.copilot/session-state";

  /** The --agent values, in the order sources are read. */
  static final List<String> AGENTS = List.of("claude", "codex", "gemini", "copilot", "aider");

  /**
   * A folder and the agent whose transcripts it holds.
   *
   * @param folder the folder
   * @param agent the {@code --agent} name of its reader, such as {@code claude}
   */
  public record Source(Path folder, String agent) {
    /** Reads the folder with its agent's reader, handing over one session at a time. */
    public ReadSummary read(Consumer<Session> sink) {
      return switch (agent) {
        case "codex" -> new CodexReader().read(folder, sink);
        case "gemini" -> new GeminiReader().read(folder, sink);
        case "copilot" -> new CopilotReader().read(folder, sink);
        case "aider" -> new AiderReader().read(folder, sink);
        default -> new ClaudeCodeReader().read(folder, sink);
      };
    }
  }

  @Override
  public Integer call() {
    if (agent != null && !AGENTS.contains(agent)) {
      throw LoopwatchException.userInput(
          "--agent must be claude, codex, gemini, copilot or aider, not: " + agent);
    }
    LocalDate from = SessionDates.parse("--since", since);
    LocalDate to = SessionDates.parse("--until", until);
    List<Source> sources =
        paths.isEmpty() ? defaultSources(System.getenv(), UserHome.path()) : given(paths);
    SessionsSummary.Accumulator totals = SessionsSummary.accumulator();
    DailyCost.Accumulator costTotals = CostTable.accumulator();
    List<Malformed> malformed = new ArrayList<>();
    SessionsExplain explained = new SessionsExplain();
    int[] read = {0};
    for (Source source : sources) {
      if (agent != null && !source.agent().equals(agent)) {
        continue;
      }
      ReadSummary result =
          source.read(session -> {
            read[0]++;
            if (SessionDates.within(session, from, to)) {
              totals.add(session);
              costTotals.add(session);
              if (explain) {
                explained.add(session);
              }
            }
          });
      malformed.addAll(result.malformed());
    }
    if (read[0] == 0 && malformed.isEmpty()) {
      throw LoopwatchException.userInput(
          "no "
              + (agent == null ? "" : agent + " ")
              + "transcripts found in "
              + (paths.isEmpty()
                  ? DEFAULT_FOLDERS
                  : paths.stream().map(Path::toString).collect(Collectors.joining(", "))));
    }
    SessionsSummary summary = totals.finish(malformed);
    if (read[0] > 0 && summary.sessions() + summary.subagentSessions() == 0) {
      spec.commandLine()
          .getErr()
          .println(
              "loopwatch: warning: "
                  + read[0]
                  + " sessions read, none started in the --since/--until window");
      spec.commandLine().getErr().flush();
    }
    PrintWriter out = spec.commandLine().getOut();
    List<DailyCost> costs = costTotals.finish();
    if (json) {
      ObjectNode tree = CostTable.json(summary, costs);
      if (explain) {
        tree.set("explain", Json.mapper().valueToTree(explained.items()));
      }
      Json.print(tree, out);
    } else {
      SessionsText.print(summary, sources, out);
      CostTable.print(costs, out);
      if (explain) {
        explained.print(out);
      }
    }
    return 0;
  }

  /** Returns the default transcript folders that exist, Claude Code first. */
  static List<Source> defaultSources(Map<String, String> env, Path home) {
    Set<Path> claude = new LinkedHashSet<>();
    String configDir = env.getOrDefault("CLAUDE_CONFIG_DIR", "");
    for (String dir : configDir.split(",")) {
      if (!dir.isBlank()) {
        claude.add(Path.of(dir.strip()).resolve("projects"));
      }
    }
    claude.add(home.resolve(".claude/projects"));
    claude.add(home.resolve(".config/claude/projects"));
    List<Source> sources = new ArrayList<>();
    Set<Path> seen = new LinkedHashSet<>();
    for (Path folder : claude) {
      if (Files.isDirectory(folder) && seen.add(real(folder))) {
        sources.add(new Source(folder, "claude"));
      }
    }
    String codexHome = env.getOrDefault("CODEX_HOME", "");
    Path codex =
        (codexHome.isBlank() ? home.resolve(".codex") : Path.of(codexHome)).resolve("sessions");
    if (Files.isDirectory(codex) && seen.add(real(codex))) {
      sources.add(new Source(codex, "codex"));
    }
    Path gemini = home.resolve(".gemini/tmp");
    if (Files.isDirectory(gemini) && seen.add(real(gemini))) {
      sources.add(new Source(gemini, "gemini"));
    }
    Path copilot = home.resolve(".copilot/session-state");
    if (Files.isDirectory(copilot) && seen.add(real(copilot))) {
      sources.add(new Source(copilot, "copilot"));
    }
    return List.copyOf(sources);
  }

  /** Returns the agent whose transcript {@code file} is by its name and folder, or empty. */
  static String agentOf(Path file) {
    String name = file.getFileName().toString();
    if (name.equals(AiderReader.FILE_NAME)) {
      return "aider";
    }
    if (name.equals(CopilotReader.FILE_NAME)) {
      return "copilot";
    }
    Path folder = file.getParent();
    if (GeminiReader.isRecording(file)
        && folder != null
        && folder.getFileName() != null
        && folder.getFileName().toString().equals("chats")) {
      return "gemini";
    }
    if (name.endsWith(".jsonl")) {
      return name.startsWith("rollout-") ? "codex" : "claude";
    }
    return "";
  }

  /**
   * Returns the sources of the given folders, by the transcript files each holds.
   *
   * @throws LoopwatchException (user input) for a path that does not exist or is not a folder
   */
  public static List<Source> given(List<Path> folders) {
    List<Source> sources = new ArrayList<>();
    Set<Path> seen = new LinkedHashSet<>();
    for (Path folder : folders) {
      if (!Files.exists(folder)) {
        throw LoopwatchException.userInput("no such file or directory: " + folder);
      }
      if (!Files.isDirectory(folder)) {
        throw LoopwatchException.userInput("not a directory: " + folder);
      }
      if (!seen.add(real(folder))) {
        continue;
      }
      Set<String> found = new LinkedHashSet<>();
      try (Stream<Path> walk = Files.walk(folder)) {
        for (Path file : (Iterable<Path>) walk::iterator) {
          String kind = agentOf(file);
          if (!kind.isEmpty()) {
            found.add(kind);
          }
          if (found.size() == AGENTS.size()) {
            break;
          }
        }
      } catch (IOException | UncheckedIOException e) {
        throw LoopwatchException.external("cannot list transcripts in " + folder, e);
      }
      if (found.isEmpty()) {
        found.add("claude");
      }
      for (String kind : AGENTS) {
        if (found.contains(kind)) {
          sources.add(new Source(folder, kind));
        }
      }
    }
    return List.copyOf(sources);
  }

  private static Path real(Path folder) {
    try {
      return folder.toRealPath();
    } catch (IOException e) {
      return folder.toAbsolutePath().normalize();
    }
  }
}
