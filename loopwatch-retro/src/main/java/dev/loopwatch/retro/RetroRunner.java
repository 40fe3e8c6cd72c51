package dev.loopwatch.retro;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.progress.Progress;
import dev.loopwatch.core.stats.Bootstrap;
import dev.loopwatch.core.stats.Wilson;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.szz.FixRequest;
import dev.loopwatch.git.szz.Szz;
import dev.loopwatch.git.szz.SzzResult;
import dev.loopwatch.git.szz.SzzResult.Candidate;
import dev.loopwatch.git.szz.SzzResult.LineRef;
import dev.loopwatch.retro.RetroResult.Controls;
import dev.loopwatch.retro.RetroResult.Funnel;
import dev.loopwatch.retro.RetroResult.IncidentResult;
import dev.loopwatch.retro.RetroResult.JudgedCatch;
import dev.loopwatch.retro.RetroResult.Rate;
import dev.loopwatch.retro.RetroResult.ReviewResult;
import dev.loopwatch.retro.RetroResult.ReviewerSummary;
import dev.loopwatch.retro.RetroResult.Stage;
import dev.loopwatch.retro.review.Finding;
import dev.loopwatch.retro.review.ModelCalls;
import dev.loopwatch.retro.review.ReviewOutcome;
import dev.loopwatch.retro.review.ReviewWorkspace;
import dev.loopwatch.retro.review.Reviewer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The review retrospective: would a reviewer have caught the bugs behind our incidents?
 *
 * <p>For each incident: resolve its fix commits; run SZZ on each ({@link Szz}, candidates committed
 * after the incident started dropped) or take the declared introducing commits; the introducing
 * change is the declared commit or the most recent R-SZZ pick over the fixes; its buggy lines are
 * the lines it added that the fixes removed or changed. The change is rebuilt as it stood at review
 * time ({@link ReviewWorkspace}, base = its parent or the PR's merge base, head = it or the PR's
 * head; buggy lines are carried to the PR head with {@code git blame}), a fresh workspace per
 * reviewer, and each reviewer's findings are judged by the strict rule and, when a judge is given,
 * by the judge. Control changes (a seeded sample of non-merge commits that are neither fixes nor
 * introducing commits) measure findings per clean change. Each reviewer's {@link Funnel} narrows
 * stage by stage (rebuilt, with a traceable buggy line, applicable, reviewed); an incident without
 * a traceable buggy line, a change the reviewer reports it cannot read ({@link
 * ReviewOutcome.NotApplicable}) and a reviewer error are counted apart and never as misses. Catch
 * rates over the reviewed incidents carry Wilson score intervals; findings per clean change a
 * seeded percentile bootstrap, so a run is reproducible.
 *
 * <p>Runs one review at a time; reviewers are external processes and usually the bottleneck.
 */
public final class RetroRunner {
  private static final double LEVEL = 0.95;

  private final Git git;
  private final List<Reviewer> reviewers;
  private final RetroOptions options;
  private final Map<String, Git> repos = new HashMap<>();
  private final Set<String> warnedMerges = new TreeSet<>();
  private Consumer<String> warnings = warning -> {};

  /** A runner over the default repository {@code git} with {@code reviewers}. */
  public RetroRunner(Git git, List<Reviewer> reviewers, RetroOptions options) {
    this.git = requireNonNull(git, "git is null");
    this.reviewers = List.copyOf(requireNonNull(reviewers, "reviewers is null"));
    this.options = requireNonNull(options, "options is null");
    if (reviewers.isEmpty()) {
      throw new IllegalArgumentException("at least one reviewer is needed");
    }
    Set<String> names = new TreeSet<>();
    for (Reviewer reviewer : reviewers) {
      if (!names.add(reviewer.name())) {
        throw LoopwatchException.userInput(
            "two reviewers are named '" + reviewer.name() + "'; give --reviewer-name");
      }
    }
  }

  /**
   * Runs the retrospective over {@code incidents}, advancing {@code progress} once per incident and
   * control change.
   *
   * <p>Git failing on one incident (EXTERNAL: missing objects, a broken range) makes that incident
   * {@link Stage#ERROR} with git's message, and the run goes on.
   *
   * @throws LoopwatchException USER_INPUT if a declared or PR commit names no commit
   */
  public RetroResult run(List<Incident> incidents, Progress progress) {
    return run(incidents, progress, warning -> {});
  }

  /**
   * Runs the retrospective as {@link #run(List, Progress)} does, telling {@code warnings} once per
   * merge commit given as a fix that it was analysed against its first parent.
   */
  public RetroResult run(List<Incident> incidents, Progress progress, Consumer<String> warnings) {
    requireNonNull(incidents, "incidents is null");
    requireNonNull(progress, "progress is null");
    this.warnings = requireNonNull(warnings, "warnings is null");
    progress.total(incidents.size() + options.controls());
    List<IncidentResult> results = new ArrayList<>();
    Set<String> linked = new TreeSet<>();
    for (Incident incident : incidents) {
      IncidentResult result;
      try {
        result = runIncident(incident);
      } catch (LoopwatchException e) {
        if (e.kind() != LoopwatchException.Kind.EXTERNAL) {
          throw e;
        }
        // One incident git cannot rebuild (missing objects, a broken range) is that incident's
        // error, not the run's.
        result = stopped(incident, Stage.ERROR, firstLine(e.getMessage()), List.of(), List.of());
      }
      results.add(result);
      if (incident.repo().isEmpty()) {
        linked.addAll(result.fixes());
        result.introducing().ifPresent(linked::add);
        linked.addAll(resolveAll(git, incident.declaredIntroducing()));
      }
      progress.advance(1);
    }
    List<String> controls = sampleControls(linked);
    Map<String, List<ReviewResult>> controlReviews = new TreeMap<>();
    for (String control : controls) {
      List<ReviewResult> reviews;
      try {
        reviews = review(git, control + "^", control, List.of(), Optional.empty());
      } catch (LoopwatchException e) {
        if (e.kind() != LoopwatchException.Kind.EXTERNAL) {
          throw e;
        }
        String reason = "git: " + firstLine(e.getMessage());
        reviews =
            reviewers.stream()
                .map(reviewer ->
                    new ReviewResult(
                        reviewer.name(),
                        Optional.of(reason),
                        0,
                        Optional.empty(),
                        Optional.empty(),
                        0,
                        Duration.ZERO,
                        Optional.empty(),
                        Optional.empty()))
                .toList();
      }
      for (ReviewResult review : reviews) {
        controlReviews.computeIfAbsent(review.reviewer(), key -> new ArrayList<>()).add(review);
      }
      progress.advance(1);
    }
    List<ReviewerSummary> summaries = new ArrayList<>();
    for (int i = 0; i < reviewers.size(); i++) {
      String name = reviewers.get(i).name();
      summaries.add(summarize(name, i, results, controlReviews.getOrDefault(name, List.of())));
    }
    return new RetroResult(
        reviewers.stream().map(Reviewer::name).toList(),
        options.judge().isPresent(),
        options.rule().window(),
        options.seed(),
        results,
        summaries,
        controls,
        options.judge().flatMap(Judge::modelCalls));
  }

  private Git repoOf(Incident incident) {
    return incident
        .repo()
        .map(path -> repos.computeIfAbsent(path, key -> Git.open(Path.of(key))))
        .orElse(git);
  }

  private IncidentResult runIncident(Incident incident) {
    Git repo = repoOf(incident);
    List<String> fixes = new ArrayList<>();
    for (String fix : incident.fixCommits()) {
      Optional<String> id = repo.resolveCommit(fix);
      if (id.isEmpty()) {
        return stopped(
            incident,
            Stage.FIX_NOT_FOUND,
            "fix commit '" + fix + "' is not in " + repo.topLevel(),
            fixes,
            List.of());
      }
      fixes.add(id.get());
    }
    List<String> declared = resolveAll(repo, incident.declaredIntroducing());
    Szz szz = new Szz(repo, options.szz());
    List<FixRequest> requests =
        fixes.stream()
            .map(fix -> new FixRequest(fix, Optional.of(incident.startedAt()), declared))
            .toList();
    List<SzzResult> found = szz.analyzeAll(requests);
    List<String> mergeFixes = new ArrayList<>();
    for (SzzResult result : found) {
      if (result.mergeFirstParent().isPresent()) {
        mergeFixes.add(result.fix());
        if (warnedMerges.add(result.fix())) {
          warnings.accept(
              "fix "
                  + result.fix()
                  + " is a merge commit; it was analysed against its first parent "
                  + result.mergeFirstParent().get()
                  + ", so everything its merged branch changed counts as the fix");
        }
      }
    }
    Optional<String> introducing =
        declared.isEmpty() ? mostRecentPick(found) : Optional.of(declared.getFirst());
    if (introducing.isEmpty()) {
      SzzResult first = found.getFirst();
      return stopped(
          incident,
          Stage.NO_INTRODUCING_CHANGE,
          "SZZ: " + first.status().label() + ": " + first.detail(),
          fixes,
          mergeFixes);
    }
    String cause = introducing.get();
    Set<LineRef> lines = new LinkedHashSet<>();
    for (SzzResult result : found) {
      for (Candidate candidate : result.candidates()) {
        if (candidate.commit().equals(cause)) {
          lines.addAll(candidate.lines());
        }
      }
    }
    String head = cause;
    String base;
    if (incident.prRange().isPresent()) {
      Incident.PrRange range = incident.prRange().get();
      head = resolve(repo, range.head(), incident.source() + ": pr_head");
      String prBase = resolve(repo, range.base(), incident.source() + ": pr_base");
      base = repo.run(List.of("merge-base", prBase, head)).strip();
    } else {
      Optional<String> parent = repo.resolveCommit(cause + "^");
      if (parent.isEmpty()) {
        return new IncidentResult(
            incident,
            Stage.NOT_REVIEWABLE,
            "introducing commit " + cause + " is a root commit: nothing to review it against",
            fixes,
            introducing,
            !declared.isEmpty(),
            Optional.empty(),
            Optional.empty(),
            sorted(lines),
            List.of(),
            mergeFixes);
      }
      base = parent.get();
    }
    List<LineRef> buggy =
        head.equals(cause) ? sorted(lines) : BlameMap.carry(repo, cause, head, sorted(lines));
    Optional<JudgeInput> judgeInput =
        options.judge().isPresent()
            ? Optional.of(new JudgeInput(fixDiff(repo, fixes), incident.summary()))
            : Optional.empty();
    List<ReviewResult> reviews = review(repo, base, head, buggy, judgeInput);
    return new IncidentResult(
        incident,
        Stage.REVIEWED,
        "",
        fixes,
        introducing,
        !declared.isEmpty(),
        Optional.of(base),
        Optional.of(head),
        buggy,
        reviews,
        mergeFixes);
  }

  private static Optional<String> mostRecentPick(List<SzzResult> found) {
    Optional<Candidate> best = Optional.empty();
    for (SzzResult result : found) {
      if (result.pick().isEmpty()) {
        continue;
      }
      String pick = result.pick().get();
      Optional<Candidate> candidate =
          result.candidates().stream().filter(c -> c.commit().equals(pick)).findFirst();
      if (candidate.isPresent()
          && (best.isEmpty() || candidate.get().committedAt().isAfter(best.get().committedAt()))) {
        best = candidate;
      }
    }
    return best.map(Candidate::commit);
  }

  private static List<LineRef> sorted(Set<LineRef> lines) {
    return lines.stream()
        .sorted(Comparator.comparing(LineRef::path).thenComparingInt(LineRef::line))
        .distinct()
        .toList();
  }

  private static String fixDiff(Git repo, List<String> fixes) {
    StringBuilder diff = new StringBuilder();
    for (String fix : fixes) {
      diff.append(repo.run(List.of("show", "--format=", "--no-color", "-M", fix, "--")));
    }
    return diff.toString();
  }

  private List<ReviewResult> review(
      Git repo, String base, String head, List<LineRef> buggy, Optional<JudgeInput> judgeInput) {
    List<ReviewResult> reviews = new ArrayList<>();
    for (Reviewer reviewer : reviewers) {
      ReviewOutcome outcome;
      try (ReviewWorkspace workspace =
          ReviewWorkspace.create(repo, base, head, options.tempParent())) {
        outcome = reviewer.review(workspace.request());
      }
      reviews.add(judge(reviewer.name(), outcome, buggy, judgeInput));
    }
    return reviews;
  }

  private ReviewResult judge(
      String name, ReviewOutcome outcome, List<LineRef> buggy, Optional<JudgeInput> judgeInput) {
    return switch (outcome) {
      case ReviewOutcome.Failed failed ->
          new ReviewResult(
              name,
              Optional.of(failed.reason()),
              0,
              Optional.empty(),
              Optional.empty(),
              0,
              failed.wallTime(),
              failed.costUsd(),
              Optional.empty(),
              Optional.empty(),
              false,
              failed.modelCalls());
      case ReviewOutcome.StoppedByBudget stopped ->
          new ReviewResult(
              name,
              Optional.empty(),
              0,
              Optional.empty(),
              Optional.empty(),
              0,
              stopped.wallTime(),
              Optional.empty(),
              Optional.empty(),
              Optional.of(stopped.reason()),
              false,
              Optional.empty());
      case ReviewOutcome.NotApplicable notApplicable ->
          new ReviewResult(
              name,
              Optional.empty(),
              0,
              Optional.empty(),
              Optional.empty(),
              0,
              notApplicable.wallTime(),
              notApplicable.costUsd(),
              Optional.of(notApplicable.reason()));
      case ReviewOutcome.Reviewed reviewed -> {
        Optional<Finding> strict = options.rule().firstCatch(reviewed.findings(), buggy);
        Optional<JudgedCatch> judged = Optional.empty();
        int judgeErrors = 0;
        boolean judgeStopped = false;
        if (judgeInput.isPresent() && options.judge().isPresent()) {
          List<Finding> findings = reviewed.findings();
          for (int i = 0; i < findings.size() && i < options.maxJudged(); i++) {
            Finding finding = findings.get(i);
            Judge.Verdict verdict =
                options
                    .judge()
                    .get()
                    .judge(finding, judgeInput.get().fixDiff(), judgeInput.get().summary());
            if (verdict instanceof Judge.Verdict.Failed) {
              judgeErrors++;
            } else if (verdict instanceof Judge.Verdict.StoppedByBudget) {
              // The budget ran out: this review stays undecided, neither an error nor a miss.
              judgeStopped = true;
              break;
            } else if (verdict instanceof Judge.Verdict.Scored scored && scored.caught()) {
              judged = Optional.of(new JudgedCatch(finding, scored.score(), scored.reason()));
              break;
            }
          }
        }
        yield new ReviewResult(
            name,
            Optional.empty(),
            reviewed.findings().size(),
            strict,
            judged,
            judgeErrors,
            reviewed.wallTime(),
            reviewed.costUsd(),
            Optional.empty(),
            Optional.empty(),
            judgeStopped,
            reviewed.modelCalls());
      }
    };
  }

  private List<String> sampleControls(Set<String> linked) {
    if (options.controls() == 0) {
      return List.of();
    }
    List<String> pool = new ArrayList<>();
    for (String sha :
        git.run(List.of("rev-list", "--no-merges", "--min-parents=1", "HEAD", "--"))
            .lines()
            .toList()) {
      if (!sha.isBlank() && !linked.contains(sha.strip())) {
        pool.add(sha.strip());
      }
    }
    pool.sort(Comparator.naturalOrder());
    SplittableRandom random = new SplittableRandom(options.seed());
    int take = Math.min(options.controls(), pool.size());
    for (int i = 0; i < take; i++) {
      int j = i + random.nextInt(pool.size() - i);
      String swap = pool.get(i);
      pool.set(i, pool.get(j));
      pool.set(j, swap);
    }
    return List.copyOf(pool.subList(0, take));
  }

  private ReviewerSummary summarize(
      String name, int index, List<IncidentResult> results, List<ReviewResult> controls) {
    int fixFound = 0;
    int introducingFound = 0;
    int rebuilt = 0;
    int traceable = 0;
    int notApplicable = 0;
    int reviewed = 0;
    int errors = 0;
    int strictCaught = 0;
    int judgedCaught = 0;
    int judgeErrors = 0;
    int stoppedByBudget = 0;
    int judgeStopped = 0;
    Optional<ModelCalls> modelCalls = Optional.empty();
    Duration wall = Duration.ZERO;
    BigDecimal cost = BigDecimal.ZERO;
    int costReports = 0;
    List<Boolean> strictHits = new ArrayList<>();
    List<Boolean> judgedHits = new ArrayList<>();
    SortedMap<String, List<Boolean>> strictBySeverity = new TreeMap<>();
    SortedMap<String, List<Boolean>> judgedBySeverity = new TreeMap<>();
    for (IncidentResult result : results) {
      if (result.stage() != Stage.FIX_NOT_FOUND && result.stage() != Stage.ERROR) {
        fixFound++;
      }
      if (result.introducing().isPresent()) {
        introducingFound++;
      }
      if (result.stage() != Stage.REVIEWED) {
        continue;
      }
      rebuilt++;
      ReviewResult review = result.reviews().get(index);
      wall = wall.plus(review.wallTime());
      modelCalls = add(modelCalls, review.modelCalls());
      if (review.costUsd().isPresent()) {
        cost = cost.add(review.costUsd().get());
        costReports++;
      }
      // The funnel narrows in order: no traceable buggy line, then no file the reviewer reads,
      // then a reviewer error; none of them is a miss or enters a rate.
      if (result.buggyLines().isEmpty()) {
        continue;
      }
      traceable++;
      if (review.notApplicable().isPresent()) {
        notApplicable++;
        continue;
      }
      if (review.error().isPresent()) {
        errors++;
        continue;
      }
      if (review.stoppedByBudget().isPresent()) {
        stoppedByBudget++;
        continue;
      }
      reviewed++;
      judgeErrors += review.judgeErrors();
      boolean strict = review.strictCatch().isPresent();
      boolean judged = review.judgedCatch().isPresent();
      strictCaught += strict ? 1 : 0;
      judgedCaught += judged ? 1 : 0;
      strictHits.add(strict);
      String severity = result.incident().severity();
      strictBySeverity.computeIfAbsent(severity, key -> new ArrayList<>()).add(strict);
      // A judge error leaves the review undecided unless another finding was judged a catch:
      // it is left out of the judged rate, never counted as a miss.
      judgeStopped += review.judgeStopped() && !judged ? 1 : 0;
      if (judged || (review.judgeErrors() == 0 && !review.judgeStopped())) {
        judgedHits.add(judged);
        judgedBySeverity.computeIfAbsent(severity, key -> new ArrayList<>()).add(judged);
      }
    }
    int controlReviewed = 0;
    int controlNotApplicable = 0;
    int controlErrors = 0;
    int controlFindings = 0;
    int flagged = 0;
    int controlStopped = 0;
    List<Double> perChange = new ArrayList<>();
    for (ReviewResult review : controls) {
      wall = wall.plus(review.wallTime());
      modelCalls = add(modelCalls, review.modelCalls());
      if (review.costUsd().isPresent()) {
        cost = cost.add(review.costUsd().get());
        costReports++;
      }
      if (review.notApplicable().isPresent()) {
        controlNotApplicable++;
        continue;
      }
      if (review.error().isPresent()) {
        controlErrors++;
        continue;
      }
      if (review.stoppedByBudget().isPresent()) {
        controlStopped++;
        continue;
      }
      controlReviewed++;
      controlFindings += review.findings();
      flagged += review.findings() > 0 ? 1 : 0;
      perChange.add((double) review.findings());
    }
    boolean judgedRun = options.judge().isPresent();
    SortedMap<String, Rate> strictSeverity = new TreeMap<>();
    strictBySeverity.forEach((severity, hits) -> strictSeverity.put(severity, rate(hits)));
    SortedMap<String, Rate> judgedSeverity = new TreeMap<>();
    if (judgedRun) {
      judgedBySeverity.forEach((severity, hits) -> judgedSeverity.put(severity, rate(hits)));
    }
    return new ReviewerSummary(
        name,
        new Funnel(
            results.size(),
            fixFound,
            introducingFound,
            rebuilt,
            traceable,
            notApplicable,
            errors,
            reviewed,
            strictCaught,
            judgedCaught,
            judgeErrors,
            stoppedByBudget,
            judgeStopped),
        rate(strictHits),
        judgedRun ? Optional.of(rate(judgedHits)) : Optional.empty(),
        strictSeverity,
        judgedSeverity,
        new Controls(
            controlReviewed,
            controlNotApplicable,
            controlErrors,
            controlFindings,
            flagged,
            mean(perChange),
            controlStopped),
        wall,
        cost,
        costReports,
        modelCalls);
  }

  private static Optional<ModelCalls> add(Optional<ModelCalls> total, Optional<ModelCalls> more) {
    if (more.isEmpty()) {
      return total;
    }
    return Optional.of(total.orElse(ModelCalls.NONE).plus(more.get()));
  }

  private Rate rate(List<Boolean> hits) {
    int caught = (int) hits.stream().filter(Boolean::booleanValue).count();
    return new Rate(
        caught,
        hits.size(),
        hits.isEmpty()
            ? Optional.empty()
            : Optional.of(Wilson.interval(caught, hits.size(), LEVEL)));
  }

  /** The mean with its seeded percentile bootstrap interval; empty for no values. */
  private Optional<Bootstrap.Interval> mean(List<Double> values) {
    if (values.isEmpty()) {
      return Optional.empty();
    }
    double[] data = values.stream().mapToDouble(Double::doubleValue).toArray();
    double[] ones = new double[1];
    Arrays.fill(ones, 1.0);
    return Optional.of(
        Bootstrap.ratioOfMeans(data, ones, LEVEL, options.resamples(), options.seed()));
  }

  private static List<String> resolveAll(Git repo, List<String> ids) {
    return ids.stream().map(id -> resolve(repo, id, "introducing commit")).toList();
  }

  private static String resolve(Git repo, String id, String what) {
    return repo.resolveCommit(id)
        .orElseThrow(() ->
            LoopwatchException.userInput(
                what + " '" + id + "' is not a commit in " + repo.topLevel()));
  }

  private static IncidentResult stopped(
      Incident incident, Stage stage, String detail, List<String> fixes, List<String> mergeFixes) {
    return new IncidentResult(
        incident,
        stage,
        detail,
        fixes,
        Optional.empty(),
        false,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        List.of(),
        mergeFixes);
  }

  private static String firstLine(String text) {
    String strip = text == null ? "" : text.strip();
    int newline = strip.indexOf('\n');
    return newline < 0 ? strip : strip.substring(0, newline);
  }

  private record JudgeInput(String fixDiff, String summary) {}
}
