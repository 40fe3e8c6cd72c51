package dev.loopwatch.research.run;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.core.cost.Prices;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.evals.speedup.Sandbox;
import dev.loopwatch.research.agent.AgentCommand;
import dev.loopwatch.research.agent.AgentEnvironment;
import dev.loopwatch.research.agent.AgentFolders;
import dev.loopwatch.research.agent.AgentSandbox;
import dev.loopwatch.research.agent.TranscriptUsage;
import dev.loopwatch.research.forum.CodeStore;
import dev.loopwatch.research.forum.Forum;
import dev.loopwatch.research.forum.ForumServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs one research run: creates the run folder (code store, forum log, endpoint sockets, one
 * folder per agent), serves the forum (and the scoring server, when one is plugged in), starts
 * every agent in its sandbox with its direction and token, restarts crashed agents up to the limit,
 * stops agents whose budget (or the run's) is crossed, and keeps {@code run.json} current until
 * every agent has ended. See docs/RESEARCH.md, "Running agents" and "Budgets".
 *
 * <p>Layout of the run folder (the agents see only their own workspace and HOME, the endpoints
 * folder and the code store, never the rest):
 *
 * <pre>
 * run.json             metadata, budgets, statuses, attempts (rewritten atomically)
 * forum.jsonl          every accepted post, one JSON object per line
 * store.git            the code store (bare repository)
 * endpoints/           forum.sock, score.sock, bin/lw-push (read-only in sandboxes)
 * agents/NAME/         workspace/, home/, attempts/N/{stdout,stderr,leftovers}.txt
 * </pre>
 */
public final class Orchestrator {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final long SUPERVISE_MILLIS = 500;
  private static final long TRANSCRIPT_MILLIS = 5_000;
  private static final long RECORD_MILLIS = 5_000;

  private final RunSpec spec;
  private final Optional<ScoringEndpoint> scoring;
  private final Prices prices;
  private final Consumer<String> progress;
  private final Clock clock;

  /**
   * An orchestrator for {@code spec}.
   *
   * @param spec the run
   * @param scoring the scoring server to plug in, if any
   * @param prices prices for the dollars read from transcripts
   * @param progress one line per event (for stderr)
   */
  public Orchestrator(
      RunSpec spec, Optional<ScoringEndpoint> scoring, Prices prices, Consumer<String> progress) {
    this.spec = requireNonNull(spec, "spec is null");
    this.scoring = requireNonNull(scoring, "scoring is null");
    this.prices = requireNonNull(prices, "prices is null");
    this.progress = requireNonNull(progress, "progress is null");
    this.clock = Clock.systemUTC();
  }

  /** The run.json of a run folder. */
  public static Path runJson(Path folder) {
    return folder.resolve("run.json");
  }

  /** The forum log of a run folder. */
  public static Path forumLog(Path folder) {
    return folder.resolve("forum.jsonl");
  }

  /**
   * Runs until every agent has ended and returns the final run.json.
   *
   * @throws LoopwatchException (usage) for a run folder that is not empty, an agent command that
   *     does not exist or a machine where bubblewrap cannot sandbox agents; the folder then holds a
   *     run.json saying why, when it was created
   */
  public ObjectNode run() {
    Path folder = spec.folder().toAbsolutePath().normalize();
    Sandbox.unavailableReason()
        .ifPresent(why -> {
          throw LoopwatchException.userInput(
              "cannot sandbox agents (" + why + "): install bubblewrap");
        });
    validate(spec);
    createEmpty(folder);
    Instant started = clock.instant();
    ObjectNode record = header(folder, started);
    try {
      return runIn(folder, started, record);
    } catch (RuntimeException e) {
      record.put("state", "failed");
      record.put("error", String.valueOf(e.getMessage()));
      record.put("endedAt", clock.instant().toString());
      write(folder, record);
      throw e;
    }
  }

  private ObjectNode runIn(Path folder, Instant started, ObjectNode record) {
    Path endpoints = folder.resolve("endpoints");
    try {
      Files.createDirectories(endpoints);
    } catch (IOException e) {
      throw LoopwatchException.external("cannot create " + endpoints + ": " + e.getMessage(), e);
    }
    Map<String, String> commands = new LinkedHashMap<>();
    for (String given : spec.agentCommands()) {
      commands.computeIfAbsent(given, c -> AgentCommand.resolve(c, endpoints));
    }
    record.put("sandboxCommand", commands.get(spec.agentCommands().get(0)));
    AgentSandbox.installHelpers(endpoints);
    CodeStore store = CodeStore.create(folder.resolve("store.git"));
    Forum forum = new Forum(forumLog(folder), store, clock);
    spec.directions().reuseNote().ifPresent(note -> progress.accept("directions: " + note));

    SecureRandom random = new SecureRandom();
    Map<String, String> agentsByToken = new LinkedHashMap<>();
    Map<String, String> tokens = new LinkedHashMap<>();
    for (int i = 1; i <= spec.agents(); i++) {
      byte[] bytes = new byte[16];
      random.nextBytes(bytes);
      String token = HexFormat.of().formatHex(bytes);
      agentsByToken.put(token, "a" + i);
      tokens.put("a" + i, token);
    }
    AgentSandbox sandbox =
        new AgentSandbox(spec.limits(), spec.agentNetwork(), endpoints, store.repository());
    ObjectNode sandboxNode = record.putObject("sandbox");
    sandboxNode.put("bubblewrap", true);
    sandboxNode.put(
        "network",
        spec.agentNetwork()
            ? "host network shared (--agent-network): agents can reach anything the host can"
            : "none: own network namespace; only the run's Unix-domain sockets");
    var gaps = sandboxNode.putArray("gaps");
    sandbox.gaps().forEach(gaps::add);
    sandbox.gaps().forEach(gap -> progress.accept("sandbox: " + gap));

    try (ForumServer server =
            ForumServer.start(
                endpoints.resolve(AgentEnvironment.FORUM_SOCKET_NAME),
                forum,
                store,
                agentsByToken);
        ScoringHandle scorer = startScoring(endpoints, agentsByToken, folder)) {
      record.put("forumSocket", folder.relativize(server.socket()).toString());
      record.put(
          "scoring",
          scorer.serving().isPresent()
              ? "served on endpoints/" + AgentEnvironment.SCORE_SOCKET_NAME
              : "none: no scoring server in this build; agents cannot submit");
      List<AgentRun> agents = new ArrayList<>();
      for (int i = 0; i < spec.agents(); i++) {
        String name = "a" + (i + 1);
        AgentFolders folders = AgentFolders.create(folder, name);
        scoring.ifPresent(endpoint -> endpoint.prepareWorkspace(folders.workspace()));
        agents.add(
            new AgentRun(
                name,
                spec.directions().of(i),
                folders,
                commands.get(spec.agentCommand(i)),
                AgentEnvironment.of(
                    name,
                    tokens.get(name),
                    spec.directions().of(i),
                    Path.of("/work"),
                    scorer.serving().isPresent()),
                sandbox,
                spec.restarts(),
                folder,
                progress));
      }
      SubmissionCounter submissions = scorer.counter();
      record.put("state", "running");
      write(folder, withAgents(record, agents, submissions, forum));
      progress.accept(
          "started "
              + spec.agents()
              + (spec.agents() == 1 ? " agent" : " agents")
              + " in "
              + folder
              + (spec.agentNetwork() ? " (with the host network)" : " (no network)"));
      List<Thread> threads = new ArrayList<>();
      for (AgentRun agent : agents) {
        threads.add(Thread.ofVirtual().name("lw-agent-" + agent.name()).start(agent));
      }
      try {
        supervise(agents, submissions, forum, folder, record, started);
      } finally {
        // Whatever ended supervision (an error, an interrupt), no agent outlives the run.
        agents.forEach(agent -> agent.stop("the run ended"));
        for (Thread thread : threads) {
          thread.join();
        }
      }
      record.put("state", "ended");
      record.put("endedAt", clock.instant().toString());
      ObjectNode last = withAgents(record, agents, submissions, forum);
      write(folder, last);
      return last;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LoopwatchException(
          LoopwatchException.Kind.INTERNAL, "interrupted while agents ran", e);
    }
  }

  private void supervise(
      List<AgentRun> agents,
      SubmissionCounter submissions,
      Forum forum,
      Path folder,
      ObjectNode record,
      Instant started)
      throws InterruptedException {
    long lastTranscripts = 0;
    long lastRecord = System.nanoTime();
    List<AgentStatus> lastStatuses = statuses(agents);
    while (agents.stream().anyMatch(agent -> !agent.status().ended())) {
      Thread.sleep(SUPERVISE_MILLIS);
      long now = System.nanoTime();
      if ((now - lastTranscripts) / 1_000_000 >= TRANSCRIPT_MILLIS) {
        for (AgentRun agent : agents) {
          if (!agent.status().ended()) {
            try {
              agent.transcripts(TranscriptUsage.read(agent.folders().home(), prices));
            } catch (RuntimeException e) {
              // The agent writes these files: a broken one keeps the last numbers read.
              progress.accept(agent.name() + ": cannot read its transcripts: " + e.getMessage());
            }
          }
        }
        lastTranscripts = now;
      }
      Spent total = Spent.NONE;
      for (AgentRun agent : agents) {
        Spent spent = agent.spent(submissions);
        total = total.plus(spent);
        if (!agent.status().ended()) {
          spec.agentBudget().crossed(spent).ifPresent(agent::stop);
        }
      }
      double runWall = (clock.millis() - started.toEpochMilli()) / 1000.0;
      Spent run =
          new Spent(
              runWall, total.cpuSeconds(), total.submissions(), total.tokens(), total.costUsd());
      Optional<String> runCrossed = spec.runBudget().crossed(run);
      if (runCrossed.isPresent()) {
        agents.forEach(agent -> agent.stop("run budget: " + runCrossed.get()));
      }
      List<AgentStatus> statuses = statuses(agents);
      if (!statuses.equals(lastStatuses) || (now - lastRecord) / 1_000_000 >= RECORD_MILLIS) {
        write(folder, withAgents(record, agents, submissions, forum));
        lastStatuses = statuses;
        lastRecord = now;
      }
    }
  }

  private static List<AgentStatus> statuses(List<AgentRun> agents) {
    return agents.stream().map(AgentRun::status).toList();
  }

  private ObjectNode header(Path folder, Instant started) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("format", 1);
    node.put("task", spec.task());
    node.put("agentCommand", String.join("; ", spec.agentCommands()));
    var commandList = node.putArray("agentCommands");
    spec.agentCommands().forEach(commandList::add);
    node.put("agents", spec.agents());
    node.put("folder", folder.toString());
    node.put("startedAt", started.toString());
    node.put("state", "starting");
    ObjectNode directions = node.putObject("directions");
    spec.directions()
        .file()
        .ifPresentOrElse(
            file -> directions.put("file", file.toString()), () -> directions.putNull("file"));
    directions.put("lines", spec.directions().lines().size());
    directions.put("reused", spec.directions().reused());
    spec.directions()
        .reuseNote()
        .ifPresentOrElse(note -> directions.put("note", note), () -> directions.putNull("note"));
    ObjectNode budgets = node.putObject("budgets");
    budgets.set("agent", spec.agentBudget().toJson());
    budgets.set("run", spec.runBudget().toJson());
    node.put("restarts", spec.restarts());
    node.put("agentNetwork", spec.agentNetwork());
    ObjectNode limits = node.putObject("limits");
    limits.put("memoryMb", spec.limits().memoryMb());
    limits.put("cpus", spec.limits().cpus());
    limits.put("pids", spec.limits().pids());
    limits.put("fileMb", spec.limits().fileMb());
    return node;
  }

  private static ObjectNode withAgents(
      ObjectNode record, List<AgentRun> agents, SubmissionCounter submissions, Forum forum) {
    ObjectNode copy = record.deepCopy();
    Map<String, Long> posts = forum.countsByAgent();
    var list = copy.putArray("agentStatuses");
    for (AgentRun agent : agents) {
      list.add(agent.toJson(submissions, posts.getOrDefault(agent.name(), 0L)));
    }
    return copy;
  }

  /**
   * Checks what can be checked before anything is created or prepared: the run folder is new or
   * empty, and every agent command can run in the sandbox. A command line calls it before it
   * prepares the task, so bad input never leaves a folder behind or waits for data.
   *
   * @throws LoopwatchException (usage) naming the folder or the command at fault
   */
  public static void validate(RunSpec spec) {
    Path folder = spec.folder().toAbsolutePath().normalize();
    if (Files.isDirectory(folder)) {
      try (var entries = Files.list(folder)) {
        if (entries.findAny().isPresent()) {
          throw LoopwatchException.userInput(
              "the run folder " + folder + " is not empty; give a new one with --out");
        }
      } catch (IOException e) {
        throw LoopwatchException.userInput("cannot read the run folder " + folder + ": " + e);
      }
    } else if (Files.exists(folder)) {
      throw LoopwatchException.userInput("the run folder " + folder + " is not a folder");
    }
    spec.agentCommands().forEach(AgentCommand::check);
    AgentCommand.checkNames(spec.agentCommands());
  }

  private static void createEmpty(Path folder) {
    try {
      if (Files.exists(folder)) {
        try (var entries = Files.list(folder)) {
          if (entries.findAny().isPresent()) {
            throw LoopwatchException.userInput(
                "the run folder " + folder + " is not empty; give a new one with --out");
          }
        }
      }
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw LoopwatchException.userInput("cannot create the run folder " + folder + ": " + e);
    }
  }

  /** Writes run.json atomically (a temporary file moved over it). */
  static void write(Path folder, ObjectNode record) {
    Path target = runJson(folder);
    Path temporary = folder.resolve("run.json.tmp");
    try {
      Files.writeString(
          temporary, MAPPER.writeValueAsString(record) + "\n", StandardCharsets.UTF_8);
      Files.move(
          temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw LoopwatchException.external("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  private ScoringHandle startScoring(
      Path endpoints, Map<String, String> agentsByToken, Path folder) {
    if (scoring.isEmpty()) {
      return new ScoringHandle(Optional.empty());
    }
    return new ScoringHandle(
        Optional.of(
            scoring
                .get()
                .start(
                    endpoints.resolve(AgentEnvironment.SCORE_SOCKET_NAME),
                    Map.copyOf(agentsByToken),
                    folder)));
  }

  /** The scoring server of a run, if any, closed with the run. */
  private record ScoringHandle(Optional<ScoringEndpoint.Serving> serving) implements AutoCloseable {
    SubmissionCounter counter() {
      return serving.<SubmissionCounter>map(s -> s).orElse(SubmissionCounter.NONE);
    }

    @Override
    public void close() {
      serving.ifPresent(ScoringEndpoint.Serving::close);
    }
  }
}
