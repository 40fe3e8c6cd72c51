package dev.loopwatch.evals.speedup;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.stats.Quantiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Grades a candidate against a task: builds baseline and candidate from clean copies, runs both on
 * each grading seed and compares outputs, then times interleaved A/B (and reference) pairs after
 * one discarded warm-up pair, and runs the anti-cheat checks. Every build and run happens in a
 * fresh working copy in the {@link Sandbox}; the grading seeds and data are only ever passed as
 * run-time arguments.
 */
public final class Grader {
  /** Check names, in report order. */
  public static final List<String> CHECKS =
      List.of(
          "builds",
          "outputs_match_hidden",
          "protected_files_unchanged",
          "harness_trees_intact",
          "no_protected_reads",
          "no_leftover_processes",
          "within_limits",
          "plausible_speedup",
          "measurable_speedup",
          "diff_scan_hint");

  /**
   * The share of the reference's own token 5-grams from which {@code no_protected_reads} flags a
   * candidate ({@code -Dloopwatch.speedup.similarity=0.9}).
   */
  static final double SIMILARITY =
      Double.parseDouble(System.getProperty("loopwatch.speedup.similarity", "0.9"));

  private final TaskSpec task;
  private final GradeOptions options;
  private final Consumer<String> progress;
  private final Sandbox sandbox;
  private final Trees.Editable editable;
  private final Path root;
  private int runCounter;
  private final List<String> leftovers = new ArrayList<>();
  private final List<String> protectedChanges = new ArrayList<>();
  private final List<String> limitProblems = new ArrayList<>();
  private final List<String> treeProblems = new ArrayList<>();
  private final Map<Long, Path> generated = new TreeMap<>();
  private final java.security.SecureRandom random = new java.security.SecureRandom();

  private Grader(TaskSpec task, GradeOptions options, Consumer<String> progress) {
    this.task = task;
    this.options = options;
    this.progress = progress;
    this.sandbox = new Sandbox(task.limits(), options.unsafeNoSandbox());
    this.editable = new Trees.Editable(task.editable());
    try {
      this.root = Files.createTempDirectory("loopwatch-speedup-");
    } catch (IOException e) {
      throw LoopwatchException.external("cannot create a temporary folder: " + e.getMessage(), e);
    }
  }

  /**
   * Grades {@code candidate} on {@code task}.
   *
   * @param progress receives one line per stage, for stderr
   */
  public static GradeReport grade(
      TaskSpec task, Candidate candidate, GradeOptions options, Consumer<String> progress) {
    requireNonNull(task, "task is null");
    requireNonNull(candidate, "candidate is null");
    requireNonNull(options, "options is null");
    requireNonNull(progress, "progress is null");
    Grader grader = new Grader(task, options, progress);
    try {
      return grader.grade(candidate);
    } finally {
      Trees.delete(grader.root);
    }
  }

  /**
   * A built tree: harness-owned after its build (no run ever mounts it: each run gets a fresh
   * copy), with the SHA-256 of every file taken right after the build and re-verified before every
   * copy.
   */
  private record Built(
      String which, Path tree, Optional<RunResult> failure, SortedMap<String, String> hashes) {}

  /**
   * One run: its result, each output's text (empty when missing, unreadable or above its cap), each
   * output's size in bytes (-1 when missing), and why the run broke a limit, if it did.
   */
  private record Run(
      RunResult result, List<Optional<String>> outputs, List<Long> sizes, List<String> limits) {}

  private GradeReport grade(Candidate candidate) {
    List<String> notes = new ArrayList<>();
    Path baselineSource = root.resolve("src/baseline");
    Path candidateSource = root.resolve("src/candidate");
    Trees.copy(task.baseline(), baselineSource);
    candidate.copyTo(candidateSource);
    int dropped = dropAddedProtectedFiles(baselineSource, candidateSource);
    if (dropped > 0) {
      notes.add(
          dropped
              + " file(s) the candidate added outside the editable globs were left out of its copy");
    }
    List<Check> checks = new ArrayList<>();
    Check protectedSource = protectedSourceCheck(baselineSource, candidateSource);

    progress.accept("building the baseline");
    Built baseline = build("baseline", baselineSource);
    if (baseline.failure().isPresent()) {
      throw LoopwatchException.userInput(
          task.folder() + ": the baseline does not build: " + describe(baseline.failure().get()));
    }
    progress.accept("building the candidate");
    Built built = build("candidate", candidateSource);
    Check builds =
        built.failure().isPresent()
            ? Check.fail(
                "builds", "the candidate's build failed: " + describe(built.failure().get()))
            : Check.pass("builds", "baseline and candidate built from clean copies");

    // Seeds are chosen, and their data made, only now: after every build, out of sight of all.
    int pairs = options.pairs() == 0 ? task.pairs() : options.pairs();
    Seeds seeds = Seeds.choose(task, options.practice(), pairs + 1, random);
    notes.addAll(seeds.notes());
    generateData(seeds.check());

    List<GradeReport.SeedVerdict> verdicts = new ArrayList<>();
    List<String> expectedTexts = new ArrayList<>();
    for (long seed : seeds.check()) {
      progress.accept("checking outputs on seed " + seed);
      Run base = run(baseline, seed, Optional.empty());
      requireBaselineOk(base, seed);
      if (built.failure().isPresent()) {
        verdicts.add(new GradeReport.SeedVerdict(seed, false, "not run: the build failed"));
        continue;
      }
      base.outputs().forEach(text -> expectedTexts.add(text.orElse("")));
      Run mine = run(built, seed, Optional.of(base));
      verdicts.add(verdict(seed, base.outputs(), mine));
    }
    boolean outputsMatch = verdicts.stream().allMatch(GradeReport.SeedVerdict::matches);

    Optional<Speedup> speedup = Optional.empty();
    Optional<Speedup> referenceSpeedup = Optional.empty();
    GradeReport.Usage baselineUse = GradeReport.Usage.none();
    GradeReport.Usage candidateUse = GradeReport.Usage.none();
    List<RunResult> baseRuns = new ArrayList<>();
    List<RunResult> candidateRuns = new ArrayList<>();
    if (outputsMatch && leftovers.isEmpty()) {
      Optional<Built> reference = Optional.empty();
      if (options.measureReference() && task.reference().isPresent()) {
        progress.accept("building the reference");
        Path referenceSource = root.resolve("src/reference");
        Trees.copy(task.reference().get(), referenceSource);
        Built referenceBuilt = build("reference", referenceSource);
        if (referenceBuilt.failure().isPresent()) {
          notes.add("the reference does not build; no normalised score");
        } else {
          reference = Optional.of(referenceBuilt);
        }
      }
      generateData(seeds.timed());
      int recheck = random.nextInt(pairs) + 1;
      Optional<Run> recheckBaseline = Optional.empty();
      List<RunResult> referenceRuns = new ArrayList<>();
      List<String> orders = new ArrayList<>();
      for (int pair = 0; pair <= pairs; pair++) {
        progress.accept(pair == 0 ? "warm-up pair" : "timed pair " + pair + " of " + pairs);
        long seed = seeds.timed().get(pair);
        // The arms run in a random order within the pair (SecureRandom), recorded in the notes.
        boolean candidateFirst = random.nextBoolean();
        Run base;
        Run mine;
        if (candidateFirst) {
          Run early = run(built, seed, Optional.empty());
          base = run(baseline, seed, Optional.empty());
          requireBaselineOk(base, seed);
          mine = recapped(early, base);
        } else {
          base = run(baseline, seed, Optional.empty());
          requireBaselineOk(base, seed);
          mine = run(built, seed, Optional.of(base));
        }
        orders.add(candidateFirst ? "CB" : "BC");
        GradeReport.SeedVerdict timed = verdict(seed, base.outputs(), mine);
        if (!timed.matches()) {
          verdicts.add(new GradeReport.SeedVerdict(seed, false, "timed run: " + timed.reason()));
          outputsMatch = false;
        }
        if (pair == recheck) {
          recheckBaseline = Optional.of(base);
        }
        Optional<Run> ref = Optional.empty();
        if (reference.isPresent()) {
          ref = Optional.of(run(reference.get(), seed, Optional.of(base)));
          if (pair == 0 && !verdict(seed, base.outputs(), ref.get()).matches()) {
            notes.add("the reference's outputs differ from the baseline's on seed " + seed);
          }
        }
        if (pair > 0) {
          baseRuns.add(base.result());
          candidateRuns.add(mine.result());
          ref.ifPresent(r -> referenceRuns.add(r.result()));
        }
      }
      notes.add(
          "arm order per pair, warm-up first (B baseline, C candidate"
              + (reference.isPresent() ? ", R reference after both" : "")
              + "): "
              + String.join(" ", orders));
      if (recheckBaseline.isPresent()) {
        long seed = seeds.timed().get(recheck);
        progress.accept("re-running the baseline on a timed seed");
        Run again = run(baseline, seed, Optional.empty());
        if (!again.result().succeeded()
            || !verdict(seed, recheckBaseline.get().outputs(), again).matches()) {
          treeProblems.add(
              "a fresh baseline run on timed seed "
                  + seed
                  + " disagrees with the baseline's timed run on it: "
                  + verdict(seed, recheckBaseline.get().outputs(), again).reason());
        }
      }
      double[] baseTimes = baseRuns.stream().mapToDouble(RunResult::wallSeconds).toArray();
      speedup =
          Optional.of(
              Speedup.of(
                  baseTimes, candidateRuns.stream().mapToDouble(RunResult::wallSeconds).toArray()));
      if (!referenceRuns.isEmpty()) {
        referenceSpeedup =
            Optional.of(
                Speedup.of(
                    baseTimes,
                    referenceRuns.stream().mapToDouble(RunResult::wallSeconds).toArray()));
      }
      baselineUse = usage(baseRuns);
      candidateUse = usage(candidateRuns);
    }
    Check protectedReads =
        protectedReadsCheck(baselineSource, candidateSource, isOwnReference(candidate));
    Check outputs =
        outputsMatch
            ? Check.pass(
                "outputs_match_hidden",
                "outputs match the baseline's on "
                    + seeds.check().size()
                    + (options.practice() ? " practice" : " fresh")
                    + " check seeds and on every timed run, each against the baseline's output"
                    + " of the same seed in this grading")
            : Check.fail(
                "outputs_match_hidden",
                verdicts.stream()
                    .filter(verdict -> !verdict.matches())
                    .findFirst()
                    .map(verdict -> "seed " + verdict.seed() + ": " + verdict.reason())
                    .orElse("outputs differ"));
    Check protectedFiles =
        protectedSource.verdict() != Check.Verdict.PASS
            ? protectedSource
            : protectedChanges.isEmpty()
                ? protectedSource
                : Check.fail("protected_files_unchanged", protectedChanges.getFirst());
    Check diff = DiffScan.scan(baselineSource, candidateSource, expectedTexts, dataWords());
    Check noLeftovers =
        leftovers.isEmpty()
            ? Check.pass("no_leftover_processes", "every build and run left no process behind")
            : Check.fail("no_leftover_processes", leftovers.getFirst());
    Check plausible = TimingChecks.plausible(task, speedup, baseRuns, candidateRuns);
    checks.add(builds);
    checks.add(outputs);
    checks.add(protectedFiles);
    checks.add(
        treeProblems.isEmpty()
            ? Check.pass(
                "harness_trees_intact",
                "the built baseline, candidate and reference trees kept their post-build SHA-256"
                    + " before every run; no run can see them")
            : Check.fail("harness_trees_intact", treeProblems.getFirst()));
    checks.add(protectedReads);
    checks.add(noLeftovers);
    checks.add(
        limitProblems.isEmpty()
            ? Check.pass(
                "within_limits",
                "no build or run exceeded the output cap, file size, memory or pid limits")
            : Check.fail("within_limits", limitProblems.getFirst()));
    checks.add(plausible);
    checks.add(TimingChecks.measurable(speedup));
    checks.add(diff);
    boolean accepted =
        checks.stream()
            .allMatch(check ->
                check.verdict() == Check.Verdict.PASS || check.verdict() == Check.Verdict.HINT);
    OptionalDouble score = OptionalDouble.empty();
    if (speedup.isPresent() && referenceSpeedup.isPresent()) {
      double referenceMedian = referenceSpeedup.get().median();
      if (referenceMedian > 1) {
        score = OptionalDouble.of(Math.log(speedup.get().median()) / Math.log(referenceMedian));
      } else {
        notes.add("the reference was not faster than the baseline here; no normalised score");
      }
    }
    return new GradeReport(
        task.name(),
        candidate.describe(),
        options.practice(),
        sandbox.isolatesNetwork(),
        verdicts,
        speedup,
        referenceSpeedup,
        score,
        baselineUse,
        candidateUse,
        checks,
        accepted,
        notes,
        sandbox.gaps());
  }

  private void requireBaselineOk(Run base, long seed) {
    if (!base.result().succeeded() || base.outputs().stream().anyMatch(Optional::isEmpty)) {
      throw LoopwatchException.userInput(
          task.folder()
              + ": the baseline fails on seed "
              + seed
              + ": "
              + (base.limits().isEmpty() ? describe(base.result()) : base.limits().getFirst()));
    }
  }

  private List<String> dataWords() {
    List<String> words = new ArrayList<>();
    if (task.data().orElse(null) instanceof TaskData.Folder(Path data)) {
      Trees.files(data).forEach(file -> words.add(String.valueOf(file.getFileName())));
    }
    return words;
  }

  /**
   * Runs the task's data generator (if it has one) once per seed, in the sandbox, from the task
   * folder, into a harness-owned folder outside every working copy.
   */
  private void generateData(List<Long> seeds) {
    if (!(task.data().orElse(null) instanceof TaskData.Generator(List<String> generator))) {
      return;
    }
    Path generatorTree = root.resolve("generator");
    if (!Files.isDirectory(generatorTree)) {
      Trees.copyGeneratorFiles(task, generatorTree);
    }
    List<Long> missing = seeds.stream().distinct().filter(s -> !generated.containsKey(s)).toList();
    if (!missing.isEmpty()) {
      progress.accept("generating the data for " + missing.size() + " seeds");
    }
    // Generators are independent: run them side by side, as many as the machine has cores.
    java.util.concurrent.Semaphore slots =
        new java.util.concurrent.Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()));
    Map<Long, java.util.concurrent.Future<Path>> futures = new java.util.LinkedHashMap<>();
    try (var executor =
        java.util.concurrent.Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("lw-generate-", 0).factory())) {
      for (long seed : missing) {
        futures.put(
            seed,
            executor.submit(() -> {
              slots.acquire();
              try {
                return generateOne(generatorTree, generator, seed);
              } finally {
                slots.release();
              }
            }));
      }
      for (Map.Entry<Long, java.util.concurrent.Future<Path>> entry : futures.entrySet()) {
        generated.put(entry.getKey(), entry.getValue().get());
      }
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new LoopwatchException(
          LoopwatchException.Kind.INTERNAL, "data generation failed: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LoopwatchException(
          LoopwatchException.Kind.INTERNAL, "interrupted while generating data", e);
    }
  }

  /** Runs the generator for one seed in its own sandbox run; returns the data it wrote. */
  private Path generateOne(Path generatorTree, List<String> generator, long seed) {
    Path folder = root.resolve("generated").resolve("seed-" + seed);
    Path work = root.resolve("generated").resolve("work-" + seed);
    Trees.copy(generatorTree, work);
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw LoopwatchException.external("cannot create " + folder + ": " + e.getMessage(), e);
    }
    Sandbox.Mounts mounts = new Sandbox.Mounts(work, Optional.empty(), Optional.of(folder));
    String inside = sandbox.outputPath(mounts).resolve("data").toString();
    List<String> argv = new ArrayList<>();
    for (String argument : generator) {
      argv.add(argument.replace("{seed}", Long.toString(seed)).replace("{data}", inside));
    }
    RunResult result =
        sandbox.run(argv, mounts, root.resolve("logs").resolve("generate-" + seed), Map.of());
    Trees.delete(work);
    Path output = folder.resolve("data");
    if (result.exitCode() != 0 || result.timedOut() || !Files.exists(output)) {
      throw LoopwatchException.userInput(
          task.folder().resolve(TaskSpec.FILE_NAME)
              + ": 'task.data': the generator fails on seed "
              + seed
              + ": "
              + (result.exitCode() == 0 && !result.timedOut()
                  ? "it wrote nothing to {data}"
                  : describe(result)));
    }
    Trees.reclaim(folder);
    return output;
  }

  /** Puts a fresh copy of the seed's data at {@code target}, per the task's data kind. */
  private void copyData(long seed, Path target) {
    try {
      switch (task.data().orElse(null)) {
        case null -> Files.createDirectories(target);
        case TaskData.Folder(Path folder) -> Trees.copy(folder, target);
        case TaskData.Generator generator -> {
          Path source = generated.get(seed);
          if (Files.isDirectory(source)) {
            Trees.copy(source, target);
          } else {
            Files.copy(source, target);
          }
        }
      }
    } catch (IOException e) {
      throw LoopwatchException.external(
          "cannot copy the data to " + target + ": " + e.getMessage(), e);
    }
  }

  private int dropAddedProtectedFiles(Path baselineSource, Path candidateSource) {
    Set<String> baselineFiles = Trees.hashes(baselineSource).keySet();
    int dropped = 0;
    for (Path file : Trees.files(candidateSource)) {
      String path = Trees.relative(candidateSource, file);
      if (!editable.matches(path) && !baselineFiles.contains(path)) {
        try {
          Files.delete(file);
          dropped++;
        } catch (IOException e) {
          throw LoopwatchException.external("cannot delete " + file + ": " + e.getMessage(), e);
        }
      }
    }
    return dropped;
  }

  private Check protectedSourceCheck(Path baselineSource, Path candidateSource) {
    SortedMap<String, String> before = Trees.protectedHashes(baselineSource, editable);
    SortedMap<String, String> after = Trees.protectedHashes(candidateSource, editable);
    for (Map.Entry<String, String> entry : before.entrySet()) {
      String now = after.get(entry.getKey());
      if (now == null) {
        return Check.fail("protected_files_unchanged", entry.getKey() + " was deleted");
      }
      if (!now.equals(entry.getValue())) {
        return Check.fail(
            "protected_files_unchanged", entry.getKey() + " differs from the baseline (sha256)");
      }
    }
    return Check.pass(
        "protected_files_unchanged",
        before.size() + " protected files match the baseline's sha256 before and after every run");
  }

  /** Whether the candidate is the task's own reference folder (graded to calibrate the task). */
  private boolean isOwnReference(Candidate candidate) {
    if (!(candidate instanceof Candidate.Folder(Path folder)) || task.reference().isEmpty()) {
      return false;
    }
    try {
      return folder.toRealPath().equals(task.reference().get().toRealPath());
    } catch (IOException e) {
      return false;
    }
  }

  private Check protectedReadsCheck(
      Path baselineSource, Path candidateSource, boolean ownReference) {
    Set<String> baselineHashes = new HashSet<>(Trees.hashes(baselineSource).values());
    Set<String> secret = new HashSet<>();
    task.reference()
        .filter(reference -> !ownReference)
        .ifPresent(reference ->
            Trees.hashes(reference).values().stream()
                .filter(hash -> !baselineHashes.contains(hash))
                .forEach(secret::add));
    if (task.data().orElse(null) instanceof TaskData.Folder(Path data)) {
      secret.addAll(Trees.hashes(data).values());
    }
    for (Path data : generated.values()) {
      if (Files.isDirectory(data)) {
        secret.addAll(Trees.hashes(data).values());
      } else {
        secret.add(Trees.sha256(data));
      }
    }
    for (Map.Entry<String, String> entry : Trees.hashes(candidateSource).entrySet()) {
      if (secret.contains(entry.getValue())) {
        return Check.flag(
            "no_protected_reads",
            entry.getKey() + " is byte-identical to a file of the task's reference or data");
      }
    }
    if (!ownReference && task.reference().isPresent()) {
      double share =
          Similarity.containment(
              sources(baselineSource), sources(task.reference().get()), sources(candidateSource));
      if (share >= SIMILARITY) {
        return Check.flag(
            "no_protected_reads",
            String.format(
                Locale.ROOT,
                "the candidate contains %.0f%% of the token 5-grams the reference adds to the"
                    + " baseline (comments, layout, names and literals ignored; flagged from %.0f%%):"
                    + " a copy of the reference?",
                share * 100,
                SIMILARITY * 100));
      }
    }
    if (ownReference) {
      return Check.pass(
          "no_protected_reads",
          "the candidate is the task's own reference solution; no file of it equals a grading"
              + " data file");
    }
    return Check.pass(
        "no_protected_reads",
        "no build or run can see the reference, task.toml or other seeds' data; no candidate file"
            + " equals a reference or data file, nor holds most of the reference's changes");
  }

  /** The texts of a tree's editable files below 1 MiB, in path order. */
  private List<String> sources(Path tree) {
    List<String> texts = new ArrayList<>();
    for (Path file : Trees.files(tree)) {
      if (editable.matches(Trees.relative(tree, file)) && size(file) <= 1024 * 1024) {
        read(file, 1024 * 1024).ifPresent(texts::add);
      }
    }
    return texts;
  }

  private Built build(String which, Path source) {
    Path tree = root.resolve("build").resolve(which);
    Trees.copy(source, tree);
    Trees.protect(tree, editable);
    SortedMap<String, String> before = Trees.protectedHashes(tree, editable);
    if (task.build().isEmpty()) {
      Trees.reclaim(tree);
      return new Built(which, tree, Optional.empty(), Trees.hashes(tree));
    }
    RunResult result =
        sandbox.run(task.build(), tree, root.resolve("logs").resolve("build-" + which), Map.of());
    recordLeftovers(which + " build", result);
    result.limitsHit().forEach(hit -> limitProblems.add(which + " build: " + hit));
    SortedMap<String, String> after = Trees.protectedHashes(tree, editable);
    if (!which.equals("baseline")) {
      diffProtected(which + " build", before, after);
    }
    Trees.reclaim(tree);
    return new Built(
        which,
        tree,
        result.exitCode() == 0 && !result.timedOut() ? Optional.empty() : Optional.of(result),
        Trees.hashes(tree));
  }

  /** Records a built tree whose files changed since its build (they never should). */
  private void verifyIntact(Built built) {
    SortedMap<String, String> now = Trees.hashes(built.tree());
    if (!now.equals(built.hashes())) {
      String path =
          java.util.stream.Stream.concat(now.keySet().stream(), built.hashes().keySet().stream())
              .filter(key -> !java.util.Objects.equals(now.get(key), built.hashes().get(key)))
              .sorted()
              .findFirst()
              .orElse("?");
      treeProblems.add("the " + built.which() + "'s built tree changed after its build: " + path);
    }
  }

  /**
   * Runs a built tree on a seed in a fresh copy and reads its outputs, each with a bound: the
   * baseline's own cap for a baseline run, else the cap derived from {@code baseline}'s output of
   * the same seed (see {@link Limits#outputCap}).
   */
  private Run run(Built built, long seed, Optional<Run> baseline) {
    verifyIntact(built);
    Path runDir = root.resolve("runs").resolve(String.format(Locale.ROOT, "%05d", runCounter++));
    Path work = runDir.resolve("work");
    Trees.copy(built.tree(), work);
    Trees.protect(work, editable);
    SortedMap<String, String> before = Trees.protectedHashes(work, editable);
    Path data = runDir.resolve("data");
    Path outputFolder = runDir.resolve("output");
    Path output = outputFolder.resolve("output.txt");
    try {
      Files.createDirectories(outputFolder);
    } catch (IOException e) {
      throw LoopwatchException.external("cannot create " + runDir + ": " + e.getMessage(), e);
    }
    copyData(seed, data);
    Sandbox.Mounts mounts = new Sandbox.Mounts(work, Optional.of(data), Optional.of(outputFolder));
    Path insideData = sandbox.dataPath(mounts);
    Path insideOutput = sandbox.outputPath(mounts).resolve("output.txt");
    List<String> argv = new ArrayList<>();
    for (String argument : task.run()) {
      argv.add(substitute(argument, seed, insideData, insideOutput));
    }
    RunResult result = sandbox.run(argv, mounts, runDir.resolve("logs"), Map.of());
    recordLeftovers("run on seed " + seed, result);
    diffProtected("run on seed " + seed, before, Trees.protectedHashes(work, editable));
    List<Optional<String>> outputs = new ArrayList<>();
    List<Long> sizes = new ArrayList<>();
    List<String> broken = new ArrayList<>(result.limitsHit());
    for (int i = 0; i < task.outputs().size(); i++) {
      OutputRule rule = task.outputs().get(i);
      Path file =
          rule.file().equals("{output}")
              ? output
              : work.resolve(substitute(rule.file(), seed, data, output));
      long size = size(file);
      sizes.add(size);
      int index = i;
      long cap =
          baseline
              .map(base -> task.limits().outputCap(Math.max(0, base.sizes().get(index))))
              .orElse(task.limits().baselineOutputCap());
      if (size > cap) {
        broken.add(
            rule.file()
                + " is "
                + size
                + " bytes, above the output cap of "
                + cap
                + " bytes"
                + (task.limits().outputMb() > 0
                    ? " (limits.output_mb)"
                    : baseline.isPresent() ? " (10x the baseline's, at least 1 MiB)" : ""));
        outputs.add(Optional.empty());
        continue;
      }
      outputs.add(
          result.exitCode() == 0 && !result.timedOut() && size >= 0
              ? read(file, cap)
              : Optional.empty());
    }
    if (!broken.isEmpty()) {
      limitProblems.add(
          (built.which().equals("candidate") ? "" : built.which() + " ")
              + "run on seed "
              + seed
              + ": "
              + broken.getFirst());
    }
    Trees.delete(runDir);
    return new Run(result, outputs, sizes, broken);
  }

  /**
   * A candidate run made before the baseline's run of the same seed, held to the output cap that
   * the baseline's outputs set (it was read under the baseline's own cap).
   */
  private Run recapped(Run early, Run base) {
    List<Optional<String>> outputs = new ArrayList<>(early.outputs());
    List<String> broken = new ArrayList<>(early.limits());
    for (int i = 0; i < outputs.size(); i++) {
      long cap = task.limits().outputCap(Math.max(0, base.sizes().get(i)));
      if (early.sizes().get(i) > cap) {
        String problem =
            task.outputs().get(i).file()
                + " is "
                + early.sizes().get(i)
                + " bytes, above the output cap of "
                + cap
                + " bytes";
        if (broken.isEmpty()) {
          limitProblems.add("timed run: " + problem);
        }
        broken.add(problem);
        outputs.set(i, Optional.empty());
      }
    }
    return new Run(early.result(), outputs, early.sizes(), broken);
  }

  private static long size(Path file) {
    try {
      return Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
          ? Files.size(file)
          : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  private static String substitute(String argument, long seed, Path data, Path output) {
    return argument
        .replace("{seed}", Long.toString(seed))
        .replace("{data}", data.toString())
        .replace("{output}", output.toString());
  }

  /** The file's text, reading at most {@code cap} bytes (a file that grew past it is not read). */
  private static Optional<String> read(Path file, long cap) {
    try (java.io.InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, cap + 1));
      return bytes.length > cap
          ? Optional.empty()
          : Optional.of(new String(bytes, StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private GradeReport.SeedVerdict verdict(long seed, List<Optional<String>> expected, Run actual) {
    if (actual.result().timedOut()) {
      return new GradeReport.SeedVerdict(seed, false, "timed out");
    }
    if (!actual.limits().isEmpty()) {
      return new GradeReport.SeedVerdict(seed, false, actual.limits().getFirst());
    }
    if (actual.result().exitCode() != 0) {
      return new GradeReport.SeedVerdict(
          seed,
          false,
          "exit code "
              + actual.result().exitCode()
              + (actual.result().stderrTail().isEmpty()
                  ? ""
                  : ": " + actual.result().stderrTail().lines().reduce((a, b) -> b).orElse("")));
    }
    for (int i = 0; i < task.outputs().size(); i++) {
      OutputRule rule = task.outputs().get(i);
      Optional<String> got = actual.outputs().get(i);
      if (got.isEmpty()) {
        return new GradeReport.SeedVerdict(seed, false, rule.file() + ": not written");
      }
      Optional<String> problem = rule.compare(expected.get(i).orElse(""), got.get());
      if (problem.isPresent()) {
        return new GradeReport.SeedVerdict(seed, false, problem.get());
      }
    }
    return new GradeReport.SeedVerdict(seed, true, "");
  }

  private void recordLeftovers(String what, RunResult result) {
    if (!result.leftovers().isEmpty()) {
      leftovers.add(
          what
              + " left "
              + result.leftovers().size()
              + " process(es) behind: "
              + result.leftovers().getFirst());
    }
  }

  /**
   * Records a protected file that a build or run changed or deleted. Files it added (a build's
   * {@code out/} classes, a scratch file) are not protected files of the task: they are not in the
   * baseline, and every run gets a fresh copy anyway.
   */
  private void diffProtected(
      String what, SortedMap<String, String> before, SortedMap<String, String> after) {
    before.keySet().stream()
        .filter(key -> !before.get(key).equals(after.get(key)))
        .findFirst()
        .ifPresent(path ->
            protectedChanges.add(
                what
                    + (after.containsKey(path) ? " changed" : " deleted")
                    + " protected file "
                    + path));
  }

  private static GradeReport.Usage usage(List<RunResult> runs) {
    if (runs.isEmpty()) {
      return GradeReport.Usage.none();
    }
    double[] wall = runs.stream().mapToDouble(RunResult::wallSeconds).toArray();
    double[] cpu =
        runs.stream()
            .filter(run -> run.cpuSeconds().isPresent())
            .mapToDouble(run -> run.cpuSeconds().getAsDouble())
            .toArray();
    OptionalLong rss =
        runs.stream()
            .filter(run -> run.peakRssKb().isPresent())
            .mapToLong(run -> run.peakRssKb().getAsLong())
            .max();
    return new GradeReport.Usage(
        runs.size(),
        OptionalDouble.of(Quantiles.of(wall, 0.5)),
        cpu.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(Quantiles.of(cpu, 0.5)),
        rss);
  }

  private static String describe(RunResult result) {
    String head = result.timedOut() ? "timed out" : "exit code " + result.exitCode();
    String last = result.stderrTail().lines().reduce((a, b) -> b).orElse("");
    return last.isEmpty() ? head : head + ": " + last;
  }
}
