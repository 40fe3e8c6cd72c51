package dev.loopwatch.app.research;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.cli.StoreOptions;
import dev.loopwatch.app.store.StoreParts;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.research.forum.Forum;
import dev.loopwatch.research.forum.Post;
import dev.loopwatch.research.run.Orchestrator;
import dev.loopwatch.research.scoring.Finalization;
import dev.loopwatch.research.scoring.SealedScore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code loopwatch research finalize}: every posted result scored once on the sealed split. */
@Command(
    name = "finalize",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch research finalize runs/r1",
      "  loopwatch research finalize runs/r1 --json",
      "  loopwatch research finalize runs/r1 --db lab.duckdb",
      "  loopwatch research finalize runs/r1 --no-store",
      "  loopwatch research finalize runs/r1 --ledger http://127.0.0.1:8790 --key lab.key"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "2:usage or input error", "3:internal or external failure"},
    description = {
      "Score every result of an ended research run once on the sealed final split.",
      "A result's predictions are predictions.json in the snapshot it pins; the scores (mean PGR",
      "over seeds with its 95%% interval, accuracy, probe flags) go to final.json in the run folder.",
      "The finalized run is then stored (--db) for 'loopwatch report', unless --no-store.",
      "With --ledger, each sealed score is appended to that log (listed in ledger.jsonl); on a run",
      "finalized already, --ledger appends only the scores that log lacks and scores nothing."
    })
public final class ResearchFinalizeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUNDIR", description = "The run folder.")
  Path folder;

  @Option(names = "--json", description = "Print final.json instead of a table.")
  boolean json;

  @Mixin StoreOptions store;

  @Option(names = "--no-store", description = "Do not save the finalized run in the store.")
  boolean noStore;

  @Option(
      names = "--bootstrap",
      paramLabel = "N",
      description =
          "Resamples of the seeds for the stored best result's interval (default:"
              + " ${DEFAULT-VALUE}).")
  int bootstrap = 2000;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed of the bootstrap (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  @Mixin LedgerOptions ledger;

  @Override
  public Integer call() {
    if (bootstrap < 1) {
      throw LoopwatchException.userInput("--bootstrap must be at least 1: " + bootstrap);
    }
    Optional<ResearchLedger> log = ledger.open();
    if (log.isPresent() && Files.exists(folder.resolve(Finalization.FILE))) {
      return appendMissing(log.get());
    }
    // The store is opened before scoring, so that a store that cannot be opened fails before the
    // one scoring each result gets.
    try (Store opened = noStore ? null : store.open(StoreParts.ALL)) {
      Finalization.Outcome outcome = Finalization.run(folder);
      // Stored before the log is called, so that a log that fails part way loses nothing: a
      // second call with --ledger appends only the missing entries (appendMissing).
      if (opened != null) {
        ResearchSummary summary = RunFolder.summary(folder, bootstrap, seed, Optional.empty());
        ResearchStore.record(opened, summary);
        spec.commandLine()
            .getErr()
            .println("loopwatch: stored run " + summary.runId() + " in " + store.path());
      }
      if (log.isPresent()) {
        attest(log.get(), outcome.scores().stream().map(ResearchLedger.Sealed::of).toList());
      }
      print(outcome);
    }
    return 0;
  }

  /**
   * On a run finalized already: appends the sealed scores of {@code final.json} that no earlier
   * call appended to this log (an earlier log failure, or a second log), scoring nothing again.
   */
  private int appendMissing(ResearchLedger log) {
    Path file = folder.resolve(Finalization.FILE);
    JsonNode scores;
    try {
      scores = Json.mapper().readTree(file.toFile()).path("scores");
    } catch (IOException e) {
      throw LoopwatchException.userInput("cannot read " + file + ": " + e.getMessage());
    }
    List<ResearchLedger.Sealed> sealed = new ArrayList<>();
    scores.forEach(score -> sealed.add(ResearchLedger.Sealed.of(score)));
    int appended = attest(log, sealed);
    spec.commandLine()
        .getOut()
        .printf(
            Locale.ROOT,
            "%s was finalized already: appended %d missing sealed %s of %d; scored nothing%n",
            file,
            appended,
            appended == 1 ? "entry" : "entries",
            sealed.size());
    return 0;
  }

  /** Appends each of {@code scores} not yet appended to {@code log}; returns how many it did. */
  private int attest(ResearchLedger log, List<ResearchLedger.Sealed> scores) {
    Instant scoredAt = Instant.now();
    JsonNode run;
    try {
      run = Json.mapper().readTree(Orchestrator.runJson(folder).toFile());
    } catch (IOException e) {
      throw LoopwatchException.userInput("cannot read " + Orchestrator.runJson(folder));
    }
    String task = run.path("task").asText();
    String runKey = "research/" + task + "/" + run.path("startedAt").asText();
    Map<String, Post> posts = new HashMap<>();
    Forum.read(Orchestrator.forumLog(folder)).forEach(p -> posts.put("#" + p.sequence(), p));
    Set<String> done = log.appended(folder, "sealed");
    int appended = 0;
    for (ResearchLedger.Sealed score : scores) {
      Post post = posts.get(score.result());
      if (post == null) {
        throw LoopwatchException.userInput(
            Orchestrator.forumLog(folder)
                + " has no post "
                + score.result()
                + " (final.json names it)");
      }
      if (done.contains(runKey + "/#" + post.sequence())) {
        continue;
      }
      ResearchLedger.Entry entry = log.appendSealed(folder, runKey, task, post, score, scoredAt);
      appended++;
      spec.commandLine()
          .getErr()
          .println(
              "loopwatch: ledger: sealed score of "
                  + score.result()
                  + " ("
                  + score.agent()
                  + ") is entry "
                  + entry.index());
    }
    return appended;
  }

  private void print(Finalization.Outcome outcome) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(outcome, out);
      return;
    }
    out.printf(
        Locale.ROOT,
        "task %s: %d results scored on the sealed split, %d not scorable%n",
        outcome.task(),
        outcome.scores().size(),
        outcome.unscored().size());
    for (SealedScore score : outcome.scores()) {
      out.printf(
          Locale.ROOT,
          "  %s %-4s PGR %.3f [%.3f, %.3f] over %d seeds, accuracy %.4f (weak %.4f, ceiling"
              + " %.4f)%s%n",
          score.result(),
          score.agent(),
          score.meanPgr(),
          score.pgrCiLow(),
          score.pgrCiHigh(),
          score.seeds().size(),
          score.meanAccuracy(),
          score.weakAccuracy(),
          score.ceilingAccuracy(),
          score.flags().isEmpty() ? "" : "; flags: " + score.flags().size());
    }
    outcome.unscored().forEach(line -> out.println("  not scored: " + line));
    out.println("written to " + folder.resolve(Finalization.FILE));
  }
}
