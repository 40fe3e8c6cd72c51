package dev.loopwatch.evals.speedup;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs one build or program in its own session and process group ({@code setsid}), without network
 * (an unprivileged network namespace, {@code unshare -rn}), with a data-segment limit ({@code
 * prlimit --data}), CPU affinity ({@code taskset}) and a wall-time limit, measuring CPU time and
 * peak RSS with GNU {@code /usr/bin/time} when present.
 *
 * <p>Every process of the tree carries a marker environment variable. When the main process exits
 * (or the wall time passes) the harness scans {@code /proc} for processes carrying the marker or
 * belonging to the run's session or process group; any it finds are leftovers (a failed run) and
 * are killed. A process that re-executes itself with a cleared environment and leaves the session
 * escapes the scan; the diff scan looks for the patterns that do this.
 *
 * <p>The environment is cleared except {@code PATH} and {@code LANG}; {@code JAVA_HOME} is the JDK
 * running the harness and its {@code bin} folder comes first on {@code PATH} (see {@link
 * #path(String)}).
 */
public final class Sandbox {
  /** The environment variable that marks every process of a sandboxed run. */
  public static final String MARKER = "LOOPWATCH_SANDBOX_RUN";

  private static final Path TIME = Path.of("/usr/bin/time");
  private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));
  private static volatile Boolean networkIsolation;

  private final Limits limits;
  private final boolean isolateNetwork;

  /**
   * A sandbox with these limits.
   *
   * @param limits resource limits
   * @param allowNetwork run with the network when network namespaces are unavailable
   * @throws LoopwatchException when the network cannot be isolated and {@code allowNetwork} is off
   */
  public Sandbox(Limits limits, boolean allowNetwork) {
    this.limits = requireNonNull(limits, "limits is null");
    boolean available = networkIsolationAvailable();
    if (!available && !allowNetwork) {
      throw LoopwatchException.userInput(
          "cannot isolate the network ('unshare -rn true' failed): refusing to grade; pass"
              + " --allow-network to grade with the network reachable");
    }
    this.isolateNetwork = available;
  }

  /** Whether {@code unshare -rn} works here (checked once). */
  public static boolean networkIsolationAvailable() {
    Boolean known = networkIsolation;
    if (known == null) {
      known = probe(List.of("unshare", "-rn", "true"));
      networkIsolation = known;
    }
    return known;
  }

  /** Whether the network is cut off in this sandbox's runs. */
  public boolean isolatesNetwork() {
    return isolateNetwork;
  }

  private static boolean probe(List<String> command) {
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return false;
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Runs {@code argv} in {@code workdir}, writing its stdout and stderr into {@code logs}.
   *
   * @param argv the command
   * @param workdir the working copy
   * @param logs a folder outside the working copy for stdout, stderr and measurements
   * @param environment extra environment variables
   */
  public RunResult run(
      List<String> argv, Path workdir, Path logs, Map<String, String> environment) {
    requireNonNull(argv, "argv is null");
    String marker = UUID.randomUUID().toString();
    try {
      Files.createDirectories(logs);
      Path tmp = Files.createDirectories(logs.resolve("tmp"));
      Path timeFile = logs.resolve("time.txt");
      Files.deleteIfExists(timeFile);
      List<String> command = new ArrayList<>();
      command.add("setsid");
      boolean timed = Files.isExecutable(TIME);
      if (timed) {
        command.addAll(List.of(TIME.toString(), "-f", "%e %U %S %M", "-o", timeFile.toString()));
      }
      command.addAll(
          List.of("prlimit", "--data=" + (long) limits.memoryMb() * 1024 * 1024, "--core=0", "--"));
      if (isolateNetwork) {
        command.addAll(List.of("unshare", "-rn", "--"));
      }
      int cores = Runtime.getRuntime().availableProcessors();
      if (limits.cpus() < cores) {
        command.addAll(List.of("taskset", "-c", "0-" + (limits.cpus() - 1)));
      }
      command.addAll(argv);
      ProcessBuilder builder = new ProcessBuilder(command).directory(workdir.toFile());
      Map<String, String> env = builder.environment();
      Map<String, String> keep = new LinkedHashMap<>();
      for (String name : List.of("PATH", "LANG")) {
        if (env.containsKey(name)) {
          keep.put(name, env.get(name));
        }
      }
      env.clear();
      env.putAll(keep);
      env.put("PATH", path(keep.get("PATH")));
      env.put("JAVA_HOME", JAVA_HOME.toString());
      env.put("HOME", workdir.toString());
      env.put("TMPDIR", tmp.toString());
      env.put("LC_ALL", "C");
      env.putAll(environment);
      env.put(MARKER, marker);
      File stdout = logs.resolve("stdout.txt").toFile();
      File stderr = logs.resolve("stderr.txt").toFile();
      builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.redirectOutput(stdout);
      builder.redirectError(stderr);
      long start = System.nanoTime();
      Process process = builder.start();
      boolean finished = process.waitFor(limits.wallSeconds(), TimeUnit.SECONDS);
      long wall = System.nanoTime() - start;
      long session = process.pid();
      List<String> leftovers = new ArrayList<>();
      if (!finished) {
        killAll(marker, session);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      } else {
        leftovers.addAll(scan(marker, session).values());
        killAll(marker, session);
      }
      int exit = finished ? process.exitValue() : 137;
      OptionalDouble cpu = OptionalDouble.empty();
      OptionalLong rss = OptionalLong.empty();
      if (timed && Files.isRegularFile(timeFile)) {
        List<String> lines = Files.readAllLines(timeFile, StandardCharsets.UTF_8);
        if (!lines.isEmpty()) {
          String[] fields = lines.getLast().strip().split("\\s+");
          if (fields.length == 4) {
            try {
              cpu =
                  OptionalDouble.of(Double.parseDouble(fields[1]) + Double.parseDouble(fields[2]));
              rss = OptionalLong.of(Long.parseLong(fields[3]));
            } catch (NumberFormatException e) {
              // GNU time wrote something else (e.g. only a signal line); leave unmeasured.
            }
          }
        }
      }
      return new RunResult(exit, wall, cpu, rss, !finished, leftovers, tail(stderr.toPath()));
    } catch (IOException e) {
      throw LoopwatchException.external(
          "cannot run '" + String.join(" ", argv) + "' in " + workdir + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      killAll(marker, -1);
      throw new LoopwatchException(
          LoopwatchException.Kind.INTERNAL, "interrupted while running " + argv.getFirst(), e);
    }
  }

  /**
   * The {@code PATH} of every build and run: the bin folder of the JDK running the harness first,
   * so that {@code java} and {@code javac} in a task's argv are the harness's own Java version and
   * not whichever JDK happens to be the system default; then the harness's own {@code PATH} (or
   * {@code /usr/local/bin:/usr/bin:/bin} when it has none).
   */
  static String path(String inherited) {
    String rest =
        inherited == null || inherited.isBlank() ? "/usr/local/bin:/usr/bin:/bin" : inherited;
    return JAVA_HOME.resolve("bin") + File.pathSeparator + rest;
  }

  private static String tail(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return "";
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size())).strip();
  }

  /** Kills every process of the run until none is left (bounded). */
  static void killAll(String marker, long session) {
    for (int round = 0; round < 50; round++) {
      Map<Long, String> alive = scan(marker, session);
      if (alive.isEmpty()) {
        return;
      }
      for (Long pid : alive.keySet()) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Live processes carrying {@code marker} or in session or group {@code session}, by pid. */
  static Map<Long, String> scan(String marker, long session) {
    Map<Long, String> found = new TreeMap<>();
    byte[] needle = (MARKER + "=" + marker).getBytes(StandardCharsets.UTF_8);
    long self = ProcessHandle.current().pid();
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        long pid = Long.parseLong(name);
        if (pid == self) {
          continue;
        }
        try {
          String stat = Files.readString(entry.resolve("stat"), StandardCharsets.ISO_8859_1);
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          if (fields[0].equals("Z") || fields[0].equals("X")) {
            continue;
          }
          long group = Long.parseLong(fields[2]);
          long sid = Long.parseLong(fields[3]);
          boolean member = session > 0 && (group == session || sid == session);
          if (member || contains(Files.readAllBytes(entry.resolve("environ")), needle)) {
            String cmdline =
                new String(Files.readAllBytes(entry.resolve("cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ')
                    .strip();
            found.put(pid, pid + " " + cmdline);
          }
        } catch (IOException | RuntimeException e) {
          // The process exited while we looked, or is not ours to read.
        }
      }
    } catch (IOException e) {
      throw LoopwatchException.external("cannot list /proc: " + e.getMessage(), e);
    }
    return found;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (i > 0 && haystack[i - 1] != 0) {
        continue;
      }
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
