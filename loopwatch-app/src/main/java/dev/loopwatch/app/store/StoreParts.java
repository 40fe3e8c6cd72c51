package dev.loopwatch.app.store;

import dev.loopwatch.app.judgment.JudgmentStore;
import dev.loopwatch.app.research.ResearchStore;
import dev.loopwatch.core.store.SchemaPart;
import dev.loopwatch.core.store.exchange.MergeRule;
import dev.loopwatch.core.store.exchange.MergeRule.Child;
import dev.loopwatch.evals.speedup.SpeedupStore;
import dev.loopwatch.git.store.GitSchema;
import dev.loopwatch.models.stack.ResponseCache;
import dev.loopwatch.retro.store.RetroStore;
import dev.loopwatch.sessions.store.SessionsSchema;
import dev.loopwatch.trends.index.IndexStore;
import java.util.List;

/**
 * Every capability's part of the store, and how each of its tables merges on import. A test checks
 * that every table of every part has a rule, so a new table cannot be silently left out.
 */
public final class StoreParts {
  private StoreParts() {}

  /** The schema parts of a full store. */
  public static final List<SchemaPart> ALL =
      List.of(
          GitSchema.PART,
          SessionsSchema.PART,
          RetroStore.PART,
          SpeedupStore.PART,
          ResponseCache.PART,
          IndexStore.PART,
          JudgmentStore.PART,
          ResearchStore.PART);

  /**
   * The merge rules: a repository is its root and branch (its data is replaced whole), a session
   * its agent and id, a retro run its time, repository and seed; speedup ids and model cache keys
   * are global already.
   */
  public static final List<MergeRule> MERGE_RULES =
      List.of(
          MergeRule.withId(
              "git_repos",
              "repo_id",
              "git_repo_ids",
              List.of("root", "branch"),
              Child.of("git_changes", "repo_id"),
              Child.of("git_change_files", "repo_id"),
              Child.of("git_change_credits", "repo_id"),
              Child.of("git_commit_evidence", "repo_id"),
              Child.of("git_line_evidence", "repo_id"),
              Child.of("git_live_files", "repo_id"),
              Child.of("git_live_agents", "repo_id"),
              Child.of("git_codeowners", "repo_id"),
              Child.of("git_warnings", "repo_id")),
          MergeRule.byKey(
              "sessions",
              List.of("agent", "session_id"),
              Child.of("sessions_interventions", "agent", "session_id"),
              Child.of("sessions_tasks", "agent", "session_id"),
              Child.of("sessions_usage", "agent", "session_id")),
          MergeRule.byKey("sessions_sources", List.of("source")),
          MergeRule.withId(
              "retro_runs",
              "run_id",
              "retro_run_ids",
              List.of("run_at", "repo", "seed"),
              Child.of("retro_reviewers", "run_id"),
              Child.of("retro_incidents", "run_id"),
              Child.of("retro_reviews", "run_id"),
              Child.of("retro_run_models", "run_id")),
          MergeRule.byKey("speedup_gradings", List.of("id")),
          MergeRule.byKey("speedup_attempts", List.of("id")),
          MergeRule.byKey("model_responses", List.of("cache_key")),
          // Index fits have global ids; their rows are keyed by fit and model or benchmark.
          MergeRule.byKey("index_fits", List.of("id")),
          MergeRule.byKey("index_models", List.of("fit_id", "model")),
          MergeRule.byKey("index_benchmarks", List.of("fit_id", "benchmark")),
          // Judgment runs have global ids; candidates and samples are keyed under them.
          MergeRule.byKey("judgment_runs", List.of("run_id")),
          MergeRule.byKey("judgment_candidates", List.of("run_id", "candidate")),
          MergeRule.byKey("judgment_samples", List.of("run_id", "candidate", "item_id")),
          // Research runs are keyed by task and start time, the same on every machine.
          MergeRule.byKey("research_runs", List.of("run_id")),
          MergeRule.byKey("research_agents", List.of("run_id", "agent")),
          MergeRule.byKey("research_results", List.of("run_id", "result")),
          MergeRule.byKey("research_flags", List.of("run_id", "position")));
}
