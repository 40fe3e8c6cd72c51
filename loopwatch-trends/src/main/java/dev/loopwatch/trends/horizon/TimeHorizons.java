package dev.loopwatch.trends.horizon;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * METR time horizons for a set of runs: per-agent weighted logistic fits and the hierarchical
 * bootstrap of METR's wrangle/bootstrap.py.
 *
 * <p>The runs are compiled into arrays once: tasks, families, and (task, agent) groups of run
 * indices. A bootstrap sample never copies runs; it counts how often each run is drawn. Families
 * are drawn with replacement; for every drawn family, its tasks (over all agents) are drawn with
 * replacement; then, for every (task, agent) group whose task was drawn k times, the group's n runs
 * are drawn k*n times with replacement. That is METR's procedure in distribution: METR pools all
 * copies of a (task, agent) group and redraws as many runs as the pool holds, which is the same as
 * drawing k*n times from the group's n runs. Each agent is then refitted with every run weighted by
 * its original weight times its count (weights are not renormalised); an agent whose drawn runs all
 * have the same score is skipped (NaN), as is an agent with no drawn runs.
 *
 * <p>Sample i draws from the i-th stream split off {@code new SplittableRandom(seed)}; the splits
 * are made in sample order before any work starts, so results do not depend on the number of
 * threads. METR seeds sample i with {@code default_rng(42 + i)}, which makes seeds 42 and 43 share
 * all but one sample; split streams are independent, so two seeds share none. numpy's PCG64 stream
 * cannot be reproduced anyway, so individual samples differ from METR's; the procedure and hence
 * the distribution are the same.
 */
public final class TimeHorizons {
  private final HorizonOptions options;
  private final List<String> agents;
  private final double[] taskX;
  private final int[] groupTask;
  private final int[][] groupRuns;
  private final int[][] agentGroups;
  private final int[][] taskGroups;
  private final int[][] familyTasks;
  private final double[] score;
  private final double[] weight;
  private final int[] runsPerAgent;

  private TimeHorizons(
      HorizonOptions options,
      List<String> agents,
      double[] taskX,
      int[] groupTask,
      int[][] groupRuns,
      int[][] agentGroups,
      int[][] taskGroups,
      int[][] familyTasks,
      double[] score,
      double[] weight,
      int[] runsPerAgent) {
    this.options = options;
    this.agents = agents;
    this.taskX = taskX;
    this.groupTask = groupTask;
    this.groupRuns = groupRuns;
    this.agentGroups = agentGroups;
    this.taskGroups = taskGroups;
    this.familyTasks = familyTasks;
    this.score = score;
    this.weight = weight;
    this.runsPerAgent = runsPerAgent;
  }

  /**
   * Compiles {@code runs} under {@code options}: drops excluded task sources, picks the score
   * column and computes (or reads) the weights.
   *
   * @throws LoopwatchException (user input) if no runs remain, an excluded source never occurs, a
   *     task has two families or two human_minutes values, or a needed column is missing
   */
  public static TimeHorizons of(List<Run> runs, HorizonOptions options) {
    requireNonNull(runs, "runs is null");
    requireNonNull(options, "options is null");
    List<Run> kept = runs;
    if (!options.excludedSources().isEmpty()) {
      Set<String> excluded = new TreeSet<>(options.excludedSources());
      Set<String> seen = new TreeSet<>();
      kept = new ArrayList<>();
      for (Run run : runs) {
        if (run.taskSource().isPresent() && excluded.contains(run.taskSource().get())) {
          seen.add(run.taskSource().get());
        } else {
          kept.add(run);
        }
      }
      excluded.removeAll(seen);
      if (!excluded.isEmpty()) {
        throw LoopwatchException.userInput(
            "no runs have the excluded task source(s) " + String.join(", ", excluded));
      }
    }
    if (kept.isEmpty()) {
      throw LoopwatchException.userInput("no runs to fit");
    }
    double[] weight = weights(kept, options);
    double[] score = new double[kept.size()];
    TreeMap<String, Integer> agentIndex = new TreeMap<>();
    TreeMap<String, Integer> taskIndex = new TreeMap<>();
    TreeMap<String, Integer> familyIndex = new TreeMap<>();
    Map<String, String> familyOfTask = new TreeMap<>();
    Map<String, Double> minutesOfTask = new TreeMap<>();
    for (int i = 0; i < kept.size(); i++) {
      Run run = kept.get(i);
      if (options.continuousScores()) {
        score[i] =
            run.scoreCont()
                .orElseThrow(() ->
                    LoopwatchException.userInput(
                        "run of "
                            + run.alias()
                            + " on task "
                            + run.taskId()
                            + " has no score_cont"));
      } else {
        score[i] = run.score();
      }
      agentIndex.putIfAbsent(run.alias(), 0);
      familyIndex.putIfAbsent(run.taskFamily(), 0);
      String family = familyOfTask.putIfAbsent(run.taskId(), run.taskFamily());
      if (family != null && !family.equals(run.taskFamily())) {
        throw LoopwatchException.userInput(
            "task " + run.taskId() + " is in two families: " + family + ", " + run.taskFamily());
      }
      Double minutes = minutesOfTask.putIfAbsent(run.taskId(), run.humanMinutes());
      if (minutes != null && minutes != run.humanMinutes()) {
        throw LoopwatchException.userInput(
            "task "
                + run.taskId()
                + " has two human_minutes values: "
                + minutes
                + ", "
                + run.humanMinutes());
      }
      taskIndex.putIfAbsent(run.taskId(), 0);
    }
    number(agentIndex);
    number(taskIndex);
    number(familyIndex);
    int tasks = taskIndex.size();
    double[] taskX = new double[tasks];
    List<List<Integer>> familyTaskLists = lists(familyIndex.size());
    for (Map.Entry<String, Integer> task : taskIndex.entrySet()) {
      taskX[task.getValue()] = Math.log(minutesOfTask.get(task.getKey())) / Math.log(2);
      familyTaskLists.get(familyIndex.get(familyOfTask.get(task.getKey()))).add(task.getValue());
    }
    // Groups ordered by (agent, task).
    TreeMap<Long, List<Integer>> groups = new TreeMap<>();
    int[] runsPerAgent = new int[agentIndex.size()];
    for (int i = 0; i < kept.size(); i++) {
      int agent = agentIndex.get(kept.get(i).alias());
      int task = taskIndex.get(kept.get(i).taskId());
      runsPerAgent[agent]++;
      groups.computeIfAbsent((long) agent * tasks + task, k -> new ArrayList<>()).add(i);
    }
    int[] groupTask = new int[groups.size()];
    int[][] groupRuns = new int[groups.size()][];
    List<List<Integer>> agentGroupLists = lists(agentIndex.size());
    List<List<Integer>> taskGroupLists = lists(tasks);
    int g = 0;
    for (Map.Entry<Long, List<Integer>> group : groups.entrySet()) {
      int agent = (int) (group.getKey() / tasks);
      int task = (int) (group.getKey() % tasks);
      groupTask[g] = task;
      groupRuns[g] = toArray(group.getValue());
      agentGroupLists.get(agent).add(g);
      taskGroupLists.get(task).add(g);
      g++;
    }
    return new TimeHorizons(
        options,
        List.copyOf(agentIndex.keySet()),
        taskX,
        groupTask,
        groupRuns,
        toArrays(agentGroupLists),
        toArrays(taskGroupLists),
        toArrays(familyTaskLists),
        score,
        weight,
        runsPerAgent);
  }

  private static double[] weights(List<Run> runs, HorizonOptions options) {
    if (!options.fileWeights()) {
      return Weights.compute(runs, options.weighting());
    }
    double[] weights = new double[runs.size()];
    for (int i = 0; i < weights.length; i++) {
      Run run = runs.get(i);
      var column =
          options.weighting() == Weighting.EQUAL ? run.equalTaskWeight() : run.invsqrtTaskWeight();
      String name =
          options.weighting() == Weighting.EQUAL ? "equal_task_weight" : "invsqrt_task_weight";
      if (column.isEmpty()) {
        throw LoopwatchException.userInput(
            "run of " + run.alias() + " on task " + run.taskId() + " has no " + name);
      }
      weights[i] = column.getAsDouble();
    }
    return weights;
  }

  private static void number(TreeMap<String, Integer> index) {
    int next = 0;
    for (Map.Entry<String, Integer> entry : index.entrySet()) {
      entry.setValue(next++);
    }
  }

  private static List<List<Integer>> lists(int size) {
    List<List<Integer>> lists = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      lists.add(new ArrayList<>());
    }
    return lists;
  }

  private static int[] toArray(List<Integer> values) {
    return values.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int[][] toArrays(List<List<Integer>> lists) {
    int[][] arrays = new int[lists.size()][];
    for (int i = 0; i < arrays.length; i++) {
      arrays[i] = toArray(lists.get(i));
    }
    return arrays;
  }

  /** The agents, sorted by alias. */
  public List<String> agents() {
    return agents;
  }

  /** The options these horizons are fitted with. */
  public HorizonOptions options() {
    return options;
  }

  /** The number of runs of each agent after exclusions, by alias in sorted order. */
  public Map<String, Integer> runCounts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (int a = 0; a < agents.size(); a++) {
      counts.put(agents.get(a), runsPerAgent[a]);
    }
    return counts;
  }

  /**
   * The shortest task (human minutes) each agent ran after exclusions, by alias in sorted order.
   */
  public Map<String, Double> shortestTasks() {
    Map<String, Double> shortest = new LinkedHashMap<>();
    for (int a = 0; a < agents.size(); a++) {
      double x = Double.POSITIVE_INFINITY;
      for (int group : agentGroups[a]) {
        x = Math.min(x, taskX[groupTask[group]]);
      }
      shortest.put(agents.get(a), Math.pow(2, x));
    }
    return shortest;
  }

  /** The point-estimate fit of every agent, in alias order. */
  public List<AgentFit> fit() {
    Scratch scratch = new Scratch(this);
    Arrays.fill(scratch.taskCount, 1);
    Arrays.fill(scratch.runCount, 1);
    double c = 1 / options.regularization();
    List<AgentFit> fits = new ArrayList<>(agents.size());
    for (int a = 0; a < agents.size(); a++) {
      String agent = agents.get(a);
      int n = scratch.collect(a);
      if (scratch.negativeTotal == 0 && scratch.positiveTotal == 0) {
        throw LoopwatchException.userInput("agent " + agent + " has zero total weight");
      } else if (scratch.positiveTotal == 0) {
        fits.add(new AgentFit.AllFailed(agent));
      } else if (scratch.negativeTotal == 0) {
        fits.add(new AgentFit.AllSucceeded(agent));
      } else {
        LogisticFit fit =
            LogisticRegression.fitGrouped(scratch.x, scratch.positive, scratch.negative, n, c);
        fits.add(new AgentFit.Fitted(agent, fit));
      }
    }
    return List.copyOf(fits);
  }

  /** The hierarchical bootstrap on a pool with one thread per available processor. */
  public HorizonSamples bootstrap(int samples, long seed) {
    return bootstrap(samples, seed, Runtime.getRuntime().availableProcessors());
  }

  /**
   * The hierarchical bootstrap: {@code samples} resamples, sample i drawing from the i-th stream
   * split off {@code new SplittableRandom(seed)}, computed on a fixed pool of {@code threads}; the
   * result does not depend on {@code threads}.
   */
  public HorizonSamples bootstrap(int samples, long seed, int threads) {
    if (samples < 1) {
      throw new IllegalArgumentException("samples must be positive: " + samples);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive: " + threads);
    }
    int rates = options.successRates().size();
    double[] logits = new double[rates];
    for (int r = 0; r < rates; r++) {
      double p = options.successRates().get(r);
      logits[r] = Math.log(p / (1 - p));
    }
    double[] horizons = new double[samples * agents.size() * rates];
    boolean[] allFailed = new boolean[samples * agents.size()];
    SplittableRandom root = new SplittableRandom(seed);
    SplittableRandom[] streams = new SplittableRandom[samples];
    for (int s = 0; s < samples; s++) {
      streams[s] = root.split();
    }
    AtomicInteger next = new AtomicInteger();
    double c = 1 / options.regularization();
    List<Callable<Void>> workers = new ArrayList<>();
    for (int t = 0; t < Math.min(threads, samples); t++) {
      workers.add(() -> {
        Scratch scratch = new Scratch(this);
        for (int s = next.getAndIncrement(); s < samples; s = next.getAndIncrement()) {
          sample(scratch, streams[s], c, logits, horizons, allFailed, s);
        }
        return null;
      });
    }
    ExecutorService pool = Executors.newFixedThreadPool(workers.size());
    try {
      for (Future<Void> future : pool.invokeAll(workers)) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("bootstrap interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("bootstrap failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return new HorizonSamples(agents, options.successRates(), samples, horizons, allFailed);
  }

  private void sample(
      Scratch scratch,
      SplittableRandom random,
      double c,
      double[] logits,
      double[] horizons,
      boolean[] allFailed,
      int sample) {
    int[] taskCount = scratch.taskCount;
    int[] runCount = scratch.runCount;
    Arrays.fill(taskCount, 0);
    Arrays.fill(runCount, 0);
    int families = familyTasks.length;
    for (int f = 0; f < families; f++) {
      int[] tasks = familyTasks[random.nextInt(families)];
      for (int j = 0; j < tasks.length; j++) {
        taskCount[tasks[random.nextInt(tasks.length)]]++;
      }
    }
    for (int t = 0; t < taskCount.length; t++) {
      int copies = taskCount[t];
      if (copies == 0) {
        continue;
      }
      for (int group : taskGroups[t]) {
        int[] runs = groupRuns[group];
        int draws = copies * runs.length;
        for (int d = 0; d < draws; d++) {
          runCount[runs[random.nextInt(runs.length)]]++;
        }
      }
    }
    int rates = logits.length;
    for (int a = 0; a < agents.size(); a++) {
      int offset = (sample * agents.size() + a) * rates;
      int n = scratch.collect(a);
      if (n == 0
          || scratch.minScore == scratch.maxScore
          || !(scratch.positiveTotal > 0)
          || !(scratch.negativeTotal > 0)) {
        Arrays.fill(horizons, offset, offset + rates, Double.NaN);
        allFailed[sample * agents.size() + a] = n > 0 && !(scratch.positiveTotal > 0);
        continue;
      }
      LogisticFit fit =
          LogisticRegression.fitGrouped(scratch.x, scratch.positive, scratch.negative, n, c);
      for (int r = 0; r < rates; r++) {
        horizons[offset + r] = Math.pow(2, (logits[r] - fit.intercept()) / fit.slope());
      }
    }
  }

  /** Per-thread buffers: draw counts and the grouped rows of one agent. */
  private static final class Scratch {
    private final TimeHorizons data;
    final int[] taskCount;
    final int[] runCount;
    final double[] x;
    final double[] positive;
    final double[] negative;
    double positiveTotal;
    double negativeTotal;
    double minScore;
    double maxScore;

    Scratch(TimeHorizons data) {
      this.data = data;
      this.taskCount = new int[data.taskX.length];
      this.runCount = new int[data.score.length];
      int widest = 0;
      for (int[] groups : data.agentGroups) {
        widest = Math.max(widest, groups.length);
      }
      this.x = new double[widest];
      this.positive = new double[widest];
      this.negative = new double[widest];
    }

    /** Fills the grouped rows of {@code agent} from the current counts; returns the row count. */
    int collect(int agent) {
      int n = 0;
      positiveTotal = 0;
      negativeTotal = 0;
      minScore = Double.POSITIVE_INFINITY;
      maxScore = Double.NEGATIVE_INFINITY;
      for (int group : data.agentGroups[agent]) {
        int task = data.groupTask[group];
        if (taskCount[task] == 0) {
          continue;
        }
        double pos = 0;
        double neg = 0;
        boolean drawn = false;
        for (int run : data.groupRuns[group]) {
          int count = runCount[run];
          if (count == 0) {
            continue;
          }
          drawn = true;
          double y = data.score[run];
          double w = count * data.weight[run];
          pos += w * y;
          neg += w * (1 - y);
          minScore = Math.min(minScore, y);
          maxScore = Math.max(maxScore, y);
        }
        if (drawn) {
          x[n] = data.taskX[task];
          positive[n] = pos;
          negative[n] = neg;
          positiveTotal += pos;
          negativeTotal += neg;
          n++;
        }
      }
      return n;
    }
  }
}
