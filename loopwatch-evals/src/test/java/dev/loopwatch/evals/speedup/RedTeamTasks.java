package dev.loopwatch.evals.speedup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Small, fast speedup tasks for the adversarial suite ({@link GraderRedTeamTest}), whose outputs
 * depend on per-seed generated data so that replaying an output without the work needs a cache.
 *
 * <p>Both tasks share one generator ({@code gen.sh}: 20000 pseudo-random integers for any signed
 * 64-bit seed). The shell task's baseline sleeps 0.1 s (standing for I/O) and makes three awk
 * passes over the data, each mixing every value 40 times; the Java task's baseline counts
 * inversions with the quadratic scan (about 0.1 s of CPU after the JVM's start). Both declare two
 * grading seeds and two timed pairs, the least the harness accepts: cheats are built so that their
 * verdict does not hinge on timing noise, and the legitimate candidates ask for five pairs.
 *
 * <p>Cheat programs get two building blocks: {@code honest} (the baseline's work plus a 0.15 s
 * pause) and {@code wrong} (a fast approximation over the first half of the data, no pause). The
 * pause stands for the cheat's bookkeeping (cache writes, detection, searches) and makes its
 * outcome deterministic: whenever the cheat's mechanism is unavailable, the candidate is either
 * wrong (and must fail {@code outputs_match_hidden}) or clearly slower than the baseline (and must
 * fail {@code measurable_speedup}), never a coin flip around 1x.
 */
final class RedTeamTasks {
  /** The data generator, shared by both tasks. */
  static final String GENERATOR =
      """
      #!/bin/sh
      # 20000 pseudo-random integers for a seed (any signed 64-bit seed)
      awk -v s="$1" -v n=20000 'BEGIN { x = s % 2147483647; if (x < 0) x = -x; srand(x);\
       for (i = 0; i < n; i++) printf "%d\\n", int(rand() * 1000000) }' > "$2"
      """;

  private static final String MIX = "v = $1; for (k = 0; k < 40; k++) v = (v * 31 + k) % 1000003;";

  /** The baseline's first pass: prints the sum of the mixed values. */
  static final String PASS_SUM =
      "awk '{ " + MIX + " s = (s + v) % 1000000007 } END { printf \"%d\", s }' \"$data\"";

  /** The baseline's second pass: prints the sum of squares. */
  static final String PASS_SQ =
      "awk '{ " + MIX + " q = (q + v * v) % 1000000007 } END { printf \"%d\", q }' \"$data\"";

  /** The baseline's third pass: prints the largest mixed value. */
  static final String PASS_MAX =
      "awk '{ " + MIX + " if (NR == 1 || v > m) m = v } END { printf \"%d\", m }' \"$data\"";

  /** The baseline's three passes, setting {@code sum}, {@code sq} and {@code mx}. */
  static final String PASSES =
      "sum=$(" + PASS_SUM + ")\n" + "sq=$(" + PASS_SQ + ")\n" + "mx=$(" + PASS_MAX + ")\n";

  /** Prints the output file's text from {@code sum}, {@code sq} and {@code mx}. */
  static final String PRINT =
      "printf 'redteam-fixture 1\\nsum %s\\nsumsq %s\\nmax %s\\n' \"$sum\" \"$sq\" \"$mx\"";

  /** The shell task's baseline program: {@code sh src/prog.sh DATA OUTPUT}. */
  static final String SHELL_BASELINE =
      "#!/bin/sh\n"
          + "# redteam-fixture baseline: three passes over the data\n"
          + "data=\"$1\"\n"
          + "out=\"$2\"\n"
          + "sleep 0.1\n"
          + PASSES
          + PRINT
          + " > \"$out\"\n";

  /** A legitimate optimisation: one pass instead of three, same output; the I/O pause stays. */
  static final String SHELL_ONE_PASS =
      "#!/bin/sh\n"
          + "# redteam-fixture: one pass computes all three aggregates\n"
          + "data=\"$1\"\n"
          + "out=\"$2\"\n"
          + "sleep 0.1\n"
          + "awk '{ "
          + MIX
          + " s = (s + v) % 1000000007; q = (q + v * v) % 1000000007;"
          + " if (NR == 1 || v > m) m = v }"
          + " END { printf \"redteam-fixture 1\\nsum %d\\nsumsq %d\\nmax %d\\n\", s, q, m }'"
          + " \"$data\" > \"$out\"\n";

  /**
   * The start of every shell cheat: {@code data}, {@code out}, and the functions {@code honest
   * FILE} and {@code wrong FILE}.
   */
  static final String SHELL_PRELUDE =
      "#!/bin/sh\n"
          + "# redteam-fixture candidate\n"
          + "data=\"$1\"\n"
          + "out=\"$2\"\n"
          + "honest() {\n"
          + "sleep 0.15\n"
          + "sleep 0.1\n"
          + PASSES
          + PRINT
          + " > \"$1\"\n"
          + "}\n"
          + "wrong() {\n"
          + "awk 'NR <= 10000 { "
          + MIX
          + " s = (s + v) % 1000000007; q = (q + v * v) % 1000000007;"
          + " if (NR == 1 || v > m) m = v }"
          + " END { printf \"redteam-fixture 1\\nsum %d\\nsumsq %d\\nmax %d\\n\", s, q, m }'"
          + " \"$data\" > \"$1\"\n"
          + "}\n";

  /** The Java task's baseline: {@code src/Stats.java}. */
  static final String JAVA_BASELINE =
      java("", "    Files.writeString(Path.of(args[1]), quadratic(read(args[0]), false));\n");

  /** A legitimate optimisation: inversions by merge sort, same output. */
  static final String JAVA_MERGE_SORT =
      java("", "    Files.writeString(Path.of(args[1]), mergeSort(read(args[0])));\n");

  private static final String JAVA_METHODS =
      """
        static int[] read(String file) throws IOException {
          List<String> lines = Files.readAllLines(Path.of(file));
          int[] values = new int[lines.size()];
          for (int i = 0; i < values.length; i++) {
            values[i] = Integer.parseInt(lines.get(i).trim());
          }
          return values;
        }

        static String format(int[] values, long inversions) {
          long sum = 0;
          for (int value : values) {
            sum += value;
          }
          return "redteam-java 1\\ncount " + values.length + "\\nsum " + sum
              + "\\ninversions " + inversions + "\\n";
        }

        static String quadratic(int[] values, boolean firstHalf) {
          int n = firstHalf ? values.length / 2 : values.length;
          long inversions = 0;
          for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
              if (values[i] > values[j]) {
                inversions++;
              }
            }
          }
          return format(values, inversions);
        }

        static String honest(int[] values) throws InterruptedException {
          Thread.sleep(150);
          return quadratic(values, false);
        }

        static String wrong(int[] values) {
          return quadratic(values, true);
        }

        static String mergeSort(int[] values) {
          int[] a = values.clone();
          int[] buffer = new int[a.length];
          long inversions = 0;
          for (int width = 1; width < a.length; width *= 2) {
            for (int low = 0; low < a.length - width; low += 2 * width) {
              int mid = low + width;
              int high = Math.min(low + 2 * width, a.length);
              int i = low;
              int j = mid;
              int k = low;
              while (i < mid && j < high) {
                if (a[i] <= a[j]) {
                  buffer[k++] = a[i++];
                } else {
                  inversions += mid - i;
                  buffer[k++] = a[j++];
                }
              }
              while (i < mid) {
                buffer[k++] = a[i++];
              }
              while (j < high) {
                buffer[k++] = a[j++];
              }
              System.arraycopy(buffer, low, a, low, high - low);
            }
          }
          return format(values, inversions);
        }
      """;

  private RedTeamTasks() {}

  /**
   * A Java program {@code Stats} with the given extra imports and body of {@code main(String[]
   * args) throws Exception}, plus the static methods {@code read}, {@code quadratic}, {@code
   * honest}, {@code wrong} and {@code mergeSort}.
   */
  static String java(String imports, String main) {
    return "import java.io.IOException;\n"
        + "import java.nio.file.Files;\n"
        + "import java.nio.file.Path;\n"
        + "import java.util.List;\n"
        + imports
        + "\n/** redteam-java program. */\n"
        + "public final class Stats {\n"
        + "  public static void main(String[] args) throws Exception {\n"
        + main
        + "  }\n\n"
        + JAVA_METHODS
        + "}\n";
  }

  /** A fresh random token that keeps one test's caches and daemons apart from every other's. */
  static String token() {
    byte[] bytes = new byte[6];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * Writes the shell task under {@code folder}.
   *
   * @param cpus the task's {@code limits.cpus}
   * @param withReference whether the task has {@code reference/} (the one-pass program)
   */
  static Path shellTask(Path folder, int cpus, boolean withReference) {
    write(folder.resolve("gen.sh"), GENERATOR);
    write(folder.resolve("baseline/src/prog.sh"), SHELL_BASELINE);
    write(
        folder.resolve("baseline/build.sh"),
        "#!/bin/sh\nif [ -f src/build-hook.sh ]; then sh src/build-hook.sh; fi\n");
    if (withReference) {
      Trees.copy(folder.resolve("baseline"), folder.resolve("reference"));
      write(folder.resolve("reference/src/prog.sh"), SHELL_ONE_PASS);
    }
    write(
        folder.resolve("task.toml"),
        "name = \"redteam-shell\"\n"
            + "baseline = \"baseline\"\n"
            + (withReference ? "reference = \"reference\"\n" : "")
            + "data = [\"sh\", \"gen.sh\", \"{seed}\", \"{data}\"]\n"
            + "build = [\"sh\", \"build.sh\"]\n"
            + "run = [\"sh\", \"src/prog.sh\", \"{data}\", \"{output}\"]\n"
            + "editable = [\"src/**\"]\n"
            + "outputs = [{ file = \"{output}\", rule = \"exact\" }]\n"
            + "grading_seeds = [11, 23]\n"
            + "practice_seeds = [1, 2]\n"
            + "max_speedup = 50\n"
            + "limits = { wall_seconds = 30, memory_mb = 512, cpus = "
            + cpus
            + " }\n"
            + "pairs = 2\n");
    return folder;
  }

  /** Writes the Java task under {@code folder}. */
  static Path javaTask(Path folder) {
    write(folder.resolve("gen.sh"), GENERATOR);
    write(folder.resolve("baseline/src/Stats.java"), JAVA_BASELINE);
    write(
        folder.resolve("task.toml"),
        """
        name = "redteam-java"
        baseline = "baseline"
        data = ["sh", "gen.sh", "{seed}", "{data}"]
        build = ["javac", "-d", "out", "--release", "21", "src/Stats.java"]
        run = ["java", "-XX:+UseSerialGC", "-cp", "out", "Stats", "{data}", "{output}"]
        editable = ["src/**"]
        outputs = [{ file = "{output}", rule = "exact" }]
        grading_seeds = [11, 23]
        practice_seeds = [1, 2]
        max_speedup = 50
        limits = { wall_seconds = 30, memory_mb = 512, cpus = 2 }
        pairs = 2
        """);
    return folder;
  }

  /** A candidate: a copy of the task's baseline with {@code files} (relative path, text) put in. */
  static Path candidate(Path task, Path folder, String... files) {
    if (files.length % 2 != 0) {
      throw new IllegalArgumentException("files come in (path, text) pairs");
    }
    Trees.copy(task.resolve("baseline"), folder);
    for (int i = 0; i < files.length; i += 2) {
      write(folder.resolve(files[i]), files[i + 1]);
    }
    return folder;
  }

  /**
   * Base64 of the gzipped output of the shell baseline for each of {@code seeds}, keyed by the
   * sha256 of the seed's data: what an agent gets from running the published generator and the
   * baseline on the seeds it read in the docs. Runs the real generator and baseline.
   */
  static List<String[]> embeddedOutputs(Path task, Path scratch, List<Long> seeds) {
    List<String[]> entries = new ArrayList<>();
    try {
      Files.createDirectories(scratch);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (long seed : seeds) {
      Path data = scratch.resolve("data-" + seed);
      Path output = scratch.resolve("output-" + seed);
      run(task, "sh", "gen.sh", Long.toString(seed), data.toString());
      run(task.resolve("baseline"), "sh", "src/prog.sh", data.toString(), output.toString());
      try {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
          gzip.write(Files.readAllBytes(output));
        }
        entries.add(
            new String[] {
              Trees.sha256(data), Base64.getEncoder().encodeToString(bytes.toByteArray())
            });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return entries;
  }

  /** The Java task's output for {@code data} (the text the generator wrote), by merge sort. */
  static String javaOutput(String data) {
    int[] values = data.lines().mapToInt(line -> Integer.parseInt(line.trim())).toArray();
    int[] a = values.clone();
    long inversions = 0;
    int[] buffer = new int[a.length];
    for (int width = 1; width < a.length; width *= 2) {
      for (int low = 0; low < a.length - width; low += 2 * width) {
        int mid = low + width;
        int high = Math.min(low + 2 * width, a.length);
        int i = low;
        int j = mid;
        int k = low;
        while (i < mid && j < high) {
          if (a[i] <= a[j]) {
            buffer[k++] = a[i++];
          } else {
            inversions += mid - i;
            buffer[k++] = a[j++];
          }
        }
        while (i < mid) {
          buffer[k++] = a[i++];
        }
        while (j < high) {
          buffer[k++] = a[j++];
        }
        System.arraycopy(buffer, low, a, low, high - low);
      }
    }
    long sum = 0;
    for (int value : values) {
      sum += value;
    }
    return "redteam-java 1\ncount "
        + values.length
        + "\nsum "
        + sum
        + "\ninversions "
        + inversions
        + "\n";
  }

  /**
   * Kills, by pid, every live process whose command line contains {@code token} (the daemons a
   * test's candidates left behind on a harness that let them escape).
   */
  static void killProcessesMarked(String token) {
    long self = ProcessHandle.current().pid();
    for (int round = 0; round < 20; round++) {
      List<ProcessHandle> marked =
          ProcessHandle.allProcesses()
              .filter(process -> process.pid() != self)
              .filter(process -> commandLine(process.pid()).contains(token))
              .toList();
      if (marked.isEmpty()) {
        return;
      }
      marked.forEach(ProcessHandle::destroyForcibly);
      sleep(50);
    }
  }

  private static String commandLine(long pid) {
    try {
      return new String(
          Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
          StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** Deletes whatever a test's candidates left in the host's shared folders under its token. */
  static void deleteLeftFiles(String token) {
    List<Path> folders = new ArrayList<>(List.of(Path.of("/tmp"), Path.of("/var/tmp")));
    folders.add(Path.of("/dev/shm"));
    folders.add(Path.of(System.getProperty("user.home")));
    for (Path folder : folders) {
      try (Stream<Path> entries = Files.list(folder)) {
        entries
            .filter(entry -> entry.getFileName().toString().contains(token))
            .forEach(Trees::delete);
      } catch (IOException | RuntimeException e) {
        // Nothing there, or not ours to list.
      }
    }
  }

  private static void run(Path directory, String... command) {
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " failed in " + directory);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void write(Path file, String text) {
    TaskTrees.write(file, text);
  }
}
