package dev.loopwatch.spark;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.io.FileTrees;
import dev.loopwatch.core.store.exchange.ExportManifest;
import dev.loopwatch.git.scan.RepositoryCost;
import dev.loopwatch.git.scan.RepositoryMiner;
import dev.loopwatch.sessions.edits.AgentWriteReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code spark-submit} job: mines every repository of a list on a Spark cluster and writes one
 * {@code loopwatch export} folder per repository under {@code OUT/repos}, for {@code loopwatch
 * import} to merge, with a status file naming each repository's outcome.
 */
@Command(
    name = "loopwatch-spark",
    mixinStandardHelpOptions = true,
    description = {
      "Mine an organisation's repositories on Apache Spark: each executor clones a repository"
          + " (blobless) or reads it in place, mines it with loopwatch's scanner and writes its rows"
          + " as a loopwatch export folder under OUT/repos; `loopwatch import` merges them.",
      "Repositories are packed into partitions largest first. A repository that fails is"
          + " listed with its reason and the others complete. Each repository's folder is also where"
          + " its next run starts: a rerun mines only new commits, and --retry-failed mines only"
          + " the repositories the last run failed on.",
      "Each repository is mined as `loopwatch scan` mines it with the same settings: --config"
          + " stands for ~/.loopwatch/loopwatch.toml, overlaid by a local repository's own"
          + " loopwatch.toml; --sessions and --blame as in scan."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every repository mined",
      "2:usage or input error (a bad list, --config file or --sessions folder; a repository"
          + " that is not one)",
      "3:a clone, git or store failure"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  spark-submit --class dev.loopwatch.spark.SparkScan \\",
      "      loopwatch-spark.jar --repos repos.txt --out /shared/lw",
      "  spark-submit --class dev.loopwatch.spark.SparkScan loopwatch-spark.jar \\",
      "      --repos repos.txt --out /shared/lw --config org.toml --blame \\",
      "      --sessions /shared/transcripts",
      "  java -cp \"loopwatch-spark.jar:$(cat spark-classpath.txt)\" \\",
      "      dev.loopwatch.spark.SparkScan --master 'local[2]' --repos mirrors/ \\",
      "      --out out",
      "  loopwatch import --db org.duckdb /shared/lw/repos/*",
      "  loopwatch scan --db org.duckdb --sessions /shared/transcripts  # sessions"
    })
public final class SparkScan implements Callable<Integer> {
  /** The status file's name in the output folder. */
  static final String STATUS = "loopwatch-spark-status.json";

  /** How many git processes the driver runs at once to size the repositories. */
  private static final int COST_PROCESSES = 8;

  /** The most ranges one chain is cut into. */
  private static final int MAX_RANGES = 64;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec CommandSpec spec;

  @Option(
      names = "--repos",
      required = true,
      paramLabel = "FILE|DIR",
      description =
          "A list (one URL or path a line, optional tab and weight) or a folder of mirrors.")
  Path repos;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description =
          "Output folder: repos/KEY export folders and the status file; keep it for reruns.")
  Path out;

  @Option(
      names = "--scratch",
      paramLabel = "DIR",
      description = "Executor-local folder for clones (default the JVM's temporary folder).")
  Path scratch;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      description = "Partitions to pack repositories into (default 2 x Spark's parallelism).")
  Integer partitions;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "Spark master when not set by spark-submit (default local[*]).")
  String master;

  @Option(
      names = "--split-above",
      paramLabel = "KIB",
      description =
          "Cut the first-parent chain of a repository costing more than KIB (git's object size,"
              + " or the list's weight) into ranges mined at once; default: the total cost over"
              + " Spark's parallelism, so no repository outlasts the rest.")
  Long splitAbove;

  @Option(
      names = "--min-range-changes",
      paramLabel = "N",
      defaultValue = "1000",
      description =
          "The fewest first-parent changes a range holds (default ${DEFAULT-VALUE}): a shorter"
              + " chain is cut into fewer ranges, or none.")
  int minRangeChanges;

  @Option(
      names = "--retry-failed",
      description = "Mine only the repositories the last run's status file lists as failed.")
  boolean retryFailed;

  @Option(names = "--json", description = "Print the status of every repository as JSON.")
  boolean json;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "A loopwatch.toml for every repository ([identities], [git] branch, exclude and"
              + " parallelism), in place of ~/.loopwatch/loopwatch.toml; a local repository's own"
              + " loopwatch.toml overlays it.")
  Path config;

  @Option(
      names = "--blame",
      description = "Also measure the AI share of the lines alive at the tip (git blame).")
  boolean blame;

  @Option(
      names = "--sessions",
      paramLabel = "PATH",
      description =
          "Credit the lines Claude Code and Codex wrote in this folder of transcripts to the"
              + " commits that added them (session-matched evidence; repeatable). Read once on"
              + " the driver; only repositories read in place, at the paths the sessions wrote"
              + " to, can match.")
  List<Path> sessions = new ArrayList<>();

  @Option(
      names = "--session-window",
      paramLabel = "HOURS",
      description =
          "How long after a session's last write its lines may still be committed"
              + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "24")
  int sessionWindowHours;

  /** Runs the job from the command line; the exit code says how it went. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The job's command line, with its one-line error handling. */
  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new SparkScan());
    commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
      line.getErr().println("loopwatch-spark: " + e.getMessage());
      boolean input =
          e instanceof IllegalArgumentException
              || (e instanceof LoopwatchException failure
                  && failure.kind() == LoopwatchException.Kind.USER_INPUT);
      return input ? 2 : 3;
    });
    return commandLine;
  }

  @Override
  public Integer call() {
    long started = System.nanoTime();
    if (partitions != null && partitions < 1) {
      throw new IllegalArgumentException("--partitions must be at least 1: " + partitions);
    }
    if (minRangeChanges < 1) {
      throw new IllegalArgumentException(
          "--min-range-changes must be at least 1: " + minRangeChanges);
    }
    if (splitAbove != null && splitAbove < 1) {
      throw new IllegalArgumentException("--split-above must be at least 1 KiB: " + splitAbove);
    }
    if (sessionWindowHours < 0) {
      throw new IllegalArgumentException(
          "--session-window must not be negative: " + sessionWindowHours);
    }
    JobSettings settings = settings();
    Path output = out.toAbsolutePath().normalize();
    JobPaths paths =
        new JobPaths(
            output.resolve("repos").toString(),
            Optional.ofNullable(scratch)
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "loopwatch-spark"))
                .toAbsolutePath()
                .toString());
    List<RepoSource> sources = RepoSources.read(repos);
    Map<String, MineResult> previous = readStatus(output);
    List<RepoSource> toMine = new ArrayList<>();
    for (RepoSource source : sources) {
      MineResult before = previous.get(source.key());
      if (!retryFailed || before == null || !before.ok()) {
        toMine.add(source);
      }
    }
    List<MineResult> mined =
        toMine.isEmpty() ? List.of() : runOnSpark(costs(toMine), paths, settings);
    Map<String, MineResult> status = new TreeMap<>();
    for (RepoSource source : sources) {
      if (previous.containsKey(source.key())) {
        status.put(source.key(), previous.get(source.key()));
      }
    }
    mined.forEach(result -> status.put(result.key(), result));
    writeStatus(output, status);
    return report(mined, status, sources.size(), (System.nanoTime() - started) / 1_000_000, paths);
  }

  /**
   * Each repository's cost: the weight the list gives, else git's object size for a local path (one
   * git process each, up to {@link #COST_PROCESSES} at once), else 0 for a URL.
   */
  private static List<Packing.Costed> costs(List<RepoSource> sources) {
    Semaphore slots = new Semaphore(COST_PROCESSES);
    List<Future<Packing.Costed>> futures = new ArrayList<>();
    try (ExecutorService pool =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("lw-cost-", 0).factory())) {
      for (RepoSource source : sources) {
        futures.add(
            pool.submit(() -> {
              if (source.weight() > 0 || source.url()) {
                return new Packing.Costed(MineTask.whole(source), source.weight());
              }
              slots.acquire();
              try {
                return new Packing.Costed(
                    MineTask.whole(source), RepositoryCost.packKib(Path.of(source.location())));
              } finally {
                slots.release();
              }
            }));
      }
      List<Packing.Costed> costed = new ArrayList<>();
      for (Future<Packing.Costed> future : futures) {
        costed.add(future.get());
      }
      return costed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LoopwatchException(LoopwatchException.Kind.INTERNAL, "interrupted", e);
    } catch (ExecutionException e) {
      throw new LoopwatchException(
          LoopwatchException.Kind.INTERNAL, "cost estimate failed: " + e.getCause(), e.getCause());
    }
  }

  /**
   * The settings every repository is mined with, read before Spark starts: a bad --config file or
   * --sessions folder fails here.
   */
  JobSettings settings() {
    return JobSettings.read(
        Optional.ofNullable(config), blame, sessions, sessionWindowHours, new AgentWriteReader());
  }

  private List<MineResult> runOnSpark(
      List<Packing.Costed> costed, JobPaths paths, JobSettings settings) {
    SparkSession.Builder builder = SparkSession.builder().appName("loopwatch-spark");
    if (master != null) {
      builder.master(master);
    } else if (System.getProperty("spark.master") == null) {
      builder.master("local[*]");
    }
    long starting = System.nanoTime();
    SparkSession spark = builder.config("spark.ui.showConsoleProgress", "false").getOrCreate();
    try {
      JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
      int parallelism = context.defaultParallelism();
      PrintWriter err = spec.commandLine().getErr();
      err.printf(
          Locale.ROOT,
          "spark: session up in %.1f s (master %s, parallelism %d)%n",
          (System.nanoTime() - starting) / 1e9,
          context.master(),
          parallelism);
      if (settings.sessions()) {
        err.printf(
            Locale.ROOT,
            "spark: %d file writes read from the sessions, shipped to every executor%n",
            settings.writes().size());
      }
      Broadcast<JobSettings> shipped = context.broadcast(settings);
      List<Packing.Costed> tasks = cutGiants(costed, parallelism, paths, settings);
      int bins = Optional.ofNullable(partitions).orElse(2 * parallelism);
      List<List<MineTask>> packed = Packing.largestFirst(tasks, bins);
      err.printf(
          Locale.ROOT,
          "spark: %d repositories%s in %d partitions%n",
          costed.size(),
          tasks.size() == costed.size() ? "" : " as " + tasks.size() + " tasks",
          packed.size());
      err.flush();
      // One element per slice, so partition i is exactly packed bin i (the heaviest first);
      // collect() returns the results in partition order, so they line up with the tasks.
      List<MineResult> results =
          context
              .parallelize(packed, packed.size())
              .flatMap(bin ->
                  bin.stream().map(task -> RepoMining.run(task, paths, shipped.value())).iterator())
              .collect();
      List<MineTask> order = packed.stream().flatMap(List::stream).toList();
      List<MineResult> mined = new ArrayList<>();
      Map<String, List<Integer>> cut = new TreeMap<>();
      for (int i = 0; i < order.size(); i++) {
        if (order.get(i).isRange()) {
          cut.computeIfAbsent(order.get(i).source().key(), key -> new ArrayList<>()).add(i);
        } else {
          mined.add(results.get(i));
        }
      }
      if (!cut.isEmpty()) {
        List<RangeJoin> joins = new ArrayList<>();
        for (List<Integer> indices : cut.values()) {
          indices.sort(Comparator.comparingInt(i -> order.get(i).part()));
          joins.add(
              new RangeJoin(
                  indices.stream().map(order::get).toList(),
                  indices.stream().map(results::get).toList()));
        }
        mined.addAll(
            context
                .parallelize(joins, joins.size())
                .map(join -> RepoMining.join(join.ranges(), join.results(), paths, shipped.value()))
                .collect());
      }
      return mined;
    } finally {
      spark.stop();
    }
  }

  /** The ranges of one cut chain, oldest first, and how mining each went. */
  record RangeJoin(List<MineTask> ranges, List<MineResult> results) implements Serializable {}

  /**
   * The work as tasks: each repository whole, except that the first-parent chain of a repository
   * costing more than the split threshold, mined in full for the first time, is cut into ranges of
   * about the threshold's cost each (at least {@code --min-range-changes} changes apiece), so
   * several executors mine it at once and it does not straggle. The driver reads a URL's chain from
   * a commits-only clone, deleted after the cut.
   */
  private List<Packing.Costed> cutGiants(
      List<Packing.Costed> costed, int parallelism, JobPaths paths, JobSettings settings) {
    long total = costed.stream().mapToLong(Packing.Costed::cost).sum();
    long threshold =
        Optional.ofNullable(splitAbove)
            .orElse(Math.max(1, Math.ceilDiv(total, Math.max(1, parallelism))));
    PrintWriter err = spec.commandLine().getErr();
    List<Packing.Costed> tasks = new ArrayList<>();
    for (Packing.Costed item : costed) {
      RepoSource source = item.task().source();
      boolean fresh = !Files.exists(paths.rowsOf(source.key()).resolve(ExportManifest.FILE));
      if (item.cost() <= threshold || !fresh) {
        tasks.add(item);
        continue;
      }
      int wanted = (int) Math.min(MAX_RANGES, (item.cost() + threshold - 1) / threshold);
      List<RepositoryMiner.ChainRange> ranges;
      Optional<Path> listing = Optional.empty();
      try {
        // A URL's chain is read from a commits-only clone; each range's executor clones it again.
        if (source.url()) {
          listing =
              Optional.of(
                  RepoMining.cloneCommits(
                      source.location(), Path.of(paths.scratch()), source.key()));
        }
        Path repo = listing.orElse(Path.of(source.location()));
        ranges = settings.withoutSessions(repo).cut(repo, wanted, minRangeChanges);
      } catch (LoopwatchException | IOException e) {
        tasks.add(item); // mined whole, it fails on its executor with its reason
        continue;
      } finally {
        listing.ifPresent(FileTrees::deleteQuietly);
      }
      if (ranges.size() < 2) {
        tasks.add(item);
        continue;
      }
      err.printf(
          Locale.ROOT,
          "spark: %s (cost %,d, above %,d) cut into %d ranges of its first-parent chain%n",
          source.name(),
          item.cost(),
          threshold,
          ranges.size());
      for (int part = 0; part < ranges.size(); part++) {
        tasks.add(
            new Packing.Costed(
                MineTask.range(source, part, ranges.size(), ranges.get(part)),
                item.cost() / ranges.size()));
      }
    }
    return tasks;
  }

  private int report(
      List<MineResult> mined,
      Map<String, MineResult> status,
      int listed,
      long millis,
      JobPaths paths) {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter outWriter = spec.commandLine().getOut();
    List<MineResult> sorted = new ArrayList<>(mined);
    sorted.sort(Comparator.comparing(MineResult::key));
    int code = 0;
    long failed = 0;
    for (MineResult result : sorted) {
      if (result.ok()) {
        err.printf(
            Locale.ROOT,
            "%s: %s scan at %s, %d changes mined (%d in all) in %.1f s%s%n",
            result.name(),
            result.mode(),
            result.tip().substring(0, Math.min(12, result.tip().length())),
            result.changesMined(),
            result.changes(),
            result.millis() / 1000.0,
            result.ranges() > 0 ? " over " + result.ranges() + " ranges" : "");
      } else {
        failed++;
        code = Math.max(code, result.exitCode());
        err.println("loopwatch-spark: " + result.location() + ": " + result.failure());
      }
    }
    if (failed > 0) {
      err.printf(
          Locale.ROOT,
          "loopwatch-spark: %d of %d repositories failed; the others are written, and"
              + " --retry-failed mines only the failed ones%n",
          failed,
          mined.size());
    }
    if (json) {
      try {
        outWriter.println(JSON.writeValueAsString(List.copyOf(status.values())));
      } catch (IOException e) {
        throw LoopwatchException.external("cannot print the status: " + e.getMessage(), e);
      }
    } else {
      outWriter.printf(
          Locale.ROOT,
          "mined %d of %d repositories (%d failed) in %.1f s; rows in %s%n"
              + "merge them with: loopwatch import --db org.duckdb %s/*%n",
          mined.size() - failed,
          listed,
          failed,
          millis / 1000.0,
          paths.rows(),
          paths.rows());
    }
    outWriter.flush();
    err.flush();
    return code;
  }

  private static Map<String, MineResult> readStatus(Path output) {
    Path file = output.resolve(STATUS);
    Map<String, MineResult> byKey = new TreeMap<>();
    if (!Files.isRegularFile(file)) {
      return byKey;
    }
    try {
      for (MineResult result :
          JSON.readValue(file.toFile(), new TypeReference<List<MineResult>>() {})) {
        byKey.put(result.key(), result);
      }
    } catch (IOException e) {
      throw LoopwatchException.userInput(file + ": not a readable status file: " + e.getMessage());
    }
    return byKey;
  }

  private static void writeStatus(Path output, Map<String, MineResult> status) {
    Path file = output.resolve(STATUS);
    try {
      Files.createDirectories(output);
      Path fresh = output.resolve("." + STATUS + ".new");
      JSON.writeValue(fresh.toFile(), List.copyOf(status.values()));
      Files.move(
          fresh,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw LoopwatchException.external(file + ": cannot write the status: " + e.getMessage(), e);
    }
  }
}
