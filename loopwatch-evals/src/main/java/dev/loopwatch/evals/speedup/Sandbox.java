package dev.loopwatch.evals.speedup;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs one build, program or data generator in a bubblewrap sandbox, with limits and measurements
 * from a kernel cgroup.
 *
 * <p>The sandbox ({@code bwrap}) has new user, PID, network, IPC, UTS, cgroup and mount namespaces,
 * no capabilities, a new session, dies with the harness, and sees an empty read-only root holding
 * only: {@code /usr} read-only (with the {@code /bin}, {@code /lib}, {@code /lib64} links), the JDK
 * running the harness read-only (first on {@code PATH}, {@code JAVA_HOME}), its own {@code /proc}
 * and {@code /dev}, private size-capped tmpfs over {@code /tmp}, {@code /var/tmp}, {@code /dev/shm}
 * and {@code HOME}, the run's working copy read-write at {@link #WORK}, its data read-only at
 * {@link #DATA} and its output folder read-write at {@link #OUT}. When the harness runs as root it
 * first drops to a dedicated unprivileged uid and gid ({@link #uid()}), the owner of the run's
 * writable folders.
 *
 * <p>Inside, a shell is PID 1 of the namespace (the kernel ignores signals other processes of the
 * namespace send it); it runs the command, and when that exits it lists the processes still alive
 * (the leftovers) on a descriptor the harness reads, then exits, and the kernel kills every process
 * left in the namespace. So nothing of a run outlives it, whatever it forks.
 *
 * <p>The cgroup ({@link RunGroup}) holds the whole tree from before {@code bwrap} starts: its
 * {@code cpuset} is the run's CPUs, it caps memory and pids, and its counters are the run's CPU
 * time and peak memory. {@code prlimit} adds the file size, open files and core limits.
 */
public final class Sandbox {
  /** The run's working copy inside the sandbox. */
  public static final Path WORK = Path.of("/work");

  /** The run's data inside the sandbox (read-only). */
  public static final Path DATA = Path.of("/data");

  /** The run's output folder inside the sandbox. */
  public static final Path OUT = Path.of("/out");

  /** {@code HOME} inside the sandbox (a private tmpfs). */
  static final Path HOME = Path.of("/home/sandbox");

  /** The system property naming the uid (and gid) runs use when the harness is root. */
  public static final String UID_PROPERTY = "loopwatch.sandbox.uid";

  private static final int DEFAULT_UID = 64000;
  private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));
  private static final int TAIL_BYTES = 16 * 1024;
  private static final int LEFTOVERS_BYTES = 64 * 1024;

  /**
   * The shell that is PID 1 of the sandbox: runs the command with fd 3 closed, waits for it, lists
   * the processes still alive (not zombies) on fd 3, exits with the command's exit code.
   */
  private static final String INIT =
      "\"$@\" 3>&- &\n"
          + "wait $!\n"
          + "rc=$?\n"
          + "for d in /proc/[0-9]*; do\n"
          + "  p=${d#/proc/}\n"
          + "  [ \"$p\" = 1 ] && continue\n"
          + "  s=$(sed -n 's/.*) \\(.\\) .*/\\1/p' \"$d/stat\" 2>/dev/null)\n"
          + "  [ -z \"$s\" ] && continue\n"
          + "  [ \"$s\" = Z ] && continue\n"
          + "  printf '%s %s\\n' \"$p\" \"$(tr '\\000' ' ' < \"$d/cmdline\" 2>/dev/null)\" >&3\n"
          + "done\n"
          + "exit $rc\n";

  /**
   * The shell that starts a run on the host: joins the cgroup (pid written to each {@code
   * cgroup.procs} given), opens fd 3 on the harness-private leftovers file, then execs the rest.
   */
  private static final String JOIN =
      "n=$1; shift\n"
          + "while [ \"$n\" -gt 0 ]; do echo $$ > \"$1\" || exit 125; shift; n=$((n - 1)); done\n"
          + "exec 3>\"$1\"; shift\n"
          + "exec \"$@\"\n";

  /** The last bwrap options: the root made read-only, a neutral host name. */
  private static final List<String> SEAL = List.of("--remount-ro", "/", "--hostname", "sandbox");

  private static volatile Optional<String> bwrapProblem;

  private final Limits limits;
  private final boolean sandboxed;
  private final boolean cgroups;
  private final boolean shareNetwork;

  /**
   * A sandbox with these limits.
   *
   * @param limits resource limits
   * @param unsafeNoSandbox run without bubblewrap (the caller's report must say so)
   * @throws LoopwatchException when bubblewrap is unusable here and {@code unsafeNoSandbox} is off
   */
  public Sandbox(Limits limits, boolean unsafeNoSandbox) {
    this(limits, unsafeNoSandbox, false);
  }

  /**
   * A sandbox with these limits that may share the host's network: only for an agent, which needs
   * its model's API ({@code --agent-network}); never for a graded build or run.
   *
   * @param limits resource limits
   * @param unsafeNoSandbox run without bubblewrap (the caller's report must say so)
   * @param shareNetwork keep the host's network (and bind {@code /etc/resolv.conf}, {@code
   *     /etc/hosts}, {@code /etc/nsswitch.conf} and {@code /etc/ssl} read-only for DNS and TLS)
   */
  public Sandbox(Limits limits, boolean unsafeNoSandbox, boolean shareNetwork) {
    this.shareNetwork = shareNetwork;
    this.limits = requireNonNull(limits, "limits is null");
    if (!unsafeNoSandbox) {
      refuseWhenUnavailable(unavailableReason());
    }
    this.sandboxed = !unsafeNoSandbox;
    this.cgroups = RunGroup.available();
  }

  /** Why {@code bwrap} cannot be used when it is not an executable file, else empty. */
  static Optional<String> missing(Path bwrap) {
    return Files.isExecutable(bwrap) ? Optional.empty() : Optional.of(bwrap + " is missing");
  }

  /** Why bubblewrap cannot sandbox runs here, or empty when it can (checked once). */
  public static Optional<String> unavailableReason() {
    Optional<String> known = bwrapProblem;
    if (known == null) {
      known = probe();
      bwrapProblem = known;
    }
    return known;
  }

  /**
   * Refuses to grade (a usage error, exit 2) when bubblewrap cannot sandbox runs here, naming why
   * and the option that grades anyway.
   */
  static void refuseWhenUnavailable(Optional<String> reason) {
    reason.ifPresent(why -> {
      throw LoopwatchException.userInput(
          "cannot sandbox runs ("
              + why
              + "): refusing to grade; install bubblewrap, or pass --unsafe-no-sandbox to"
              + " grade with runs that can reach the whole machine");
    });
  }

  private static Optional<String> probe() {
    Optional<String> missing = missing(Path.of("/usr/bin/bwrap"));
    if (missing.isPresent()) {
      return missing;
    }
    List<String> command = new ArrayList<>(dropPrivileges());
    command.addAll(
        bwrapPrefix(Limits.DEFAULT, Optional.empty(), Optional.empty(), Optional.empty()));
    command.addAll(SEAL);
    command.add("true");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      byte[] output = process.getInputStream().readNBytes(4096);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return Optional.of("bwrap did not finish a trivial run in 30 s");
      }
      if (process.exitValue() != 0) {
        String first = new String(output, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        return Optional.of("bwrap fails: " + first);
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("cannot start bwrap: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while checking bwrap");
    }
  }

  /** Whether runs are in bubblewrap (false only with {@code --unsafe-no-sandbox}). */
  public boolean sandboxed() {
    return sandboxed;
  }

  /** Whether runs are in cgroups (limits and CPU and memory measurements from the kernel). */
  public boolean cgroups() {
    return cgroups;
  }

  /**
   * What this sandbox does not enforce or measure here, one line each, for the top of a report:
   * empty when fully sandboxed with cgroups.
   */
  public List<String> gaps() {
    List<String> gaps = new ArrayList<>();
    if (!sandboxed) {
      gaps.add(
          "SANDBOX OFF (--unsafe-no-sandbox): builds and runs could read and write the whole"
              + " machine as the harness's user; this grading proves nothing against a cheating"
              + " candidate");
    }
    if (!cgroups) {
      gaps.add(
          "no writable cgroups: CPU time and peak memory not measured; cpus, memory and pid"
              + " limits not enforced");
    }
    return List.copyOf(gaps);
  }

  /** Whether the network is cut off in runs. */
  public boolean isolatesNetwork() {
    return sandboxed && !shareNetwork;
  }

  /** The uid (and gid) runs use when the harness runs as root. */
  static int uid() {
    return Integer.getInteger(UID_PROPERTY, DEFAULT_UID);
  }

  /** Whether this process runs as root (then runs drop to {@link #uid()}). */
  static boolean root() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.split("\\s+")[2].equals("0");
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  /**
   * The folders one run sees.
   *
   * @param work the working copy, read-write at {@link #WORK} (and the current directory)
   * @param data the data, read-only at {@link #DATA}, if any
   * @param output the output folder, read-write at {@link #OUT}, if any
   * @param binds further host folders, each at its own absolute path in the sandbox
   */
  public record Mounts(Path work, Optional<Path> data, Optional<Path> output, List<Bind> binds) {
    public Mounts {
      requireNonNull(work, "work is null");
      requireNonNull(data, "data is null");
      requireNonNull(output, "output is null");
      binds = List.copyOf(requireNonNull(binds, "binds is null"));
    }

    /** The folders without further binds. */
    public Mounts(Path work, Optional<Path> data, Optional<Path> output) {
      this(work, data, output, List.of());
    }

    /** Only a working copy. */
    public static Mounts work(Path work) {
      return new Mounts(work, Optional.empty(), Optional.empty());
    }
  }

  /**
   * One further host folder the run sees.
   *
   * @param source the host folder
   * @param target where the run sees it (absolute; not below {@code /usr}, {@code /proc}, {@code
   *     /dev})
   * @param writable bound read-write (and given to the sandbox uid) rather than read-only
   */
  public record Bind(Path source, Path target, boolean writable) {
    public Bind {
      requireNonNull(source, "source is null");
      requireNonNull(target, "target is null");
      if (!target.isAbsolute()) {
        throw new IllegalArgumentException("bind target must be absolute: " + target);
      }
    }
  }

  /** Where the run sees {@code mounts.work()}: {@link #WORK}, or the host path without sandbox. */
  public Path workPath(Mounts mounts) {
    return sandboxed ? WORK : mounts.work();
  }

  /** Where the run sees {@code mounts.data()}. */
  public Path dataPath(Mounts mounts) {
    return sandboxed ? DATA : mounts.data().orElseThrow();
  }

  /** Where the run sees {@code mounts.output()}. */
  public Path outputPath(Mounts mounts) {
    return sandboxed ? OUT : mounts.output().orElseThrow();
  }

  /** Runs {@code argv} with only {@code workdir} mounted (at {@link #WORK}). */
  public RunResult run(
      List<String> argv, Path workdir, Path logs, Map<String, String> environment) {
    return run(argv, Mounts.work(workdir), logs, environment);
  }

  /**
   * Runs {@code argv} in the sandbox, in {@link #WORK}, writing its stdout and stderr into {@code
   * logs} (a harness-private folder the run cannot see).
   *
   * @param argv the command, with paths as the run sees them
   * @param mounts the folders the run sees
   * @param logs a harness folder for stdout, stderr and the leftover list
   * @param environment extra environment variables
   */
  public RunResult run(
      List<String> argv, Mounts mounts, Path logs, Map<String, String> environment) {
    try (Running running = start(argv, mounts, logs, environment)) {
      return running.await();
    }
  }

  /**
   * Starts {@code argv} in the sandbox like {@link #run(List, Mounts, Path, Map)} and returns at
   * once: the caller watches it (CPU time from its cgroup), stops it, or awaits it, and closes the
   * handle (which kills what is left).
   *
   * @param argv the command, with paths as the run sees them
   * @param mounts the folders the run sees
   * @param logs a harness folder for stdout, stderr and the leftover list
   * @param environment extra environment variables
   */
  public Running start(
      List<String> argv, Mounts mounts, Path logs, Map<String, String> environment) {
    requireNonNull(argv, "argv is null");
    requireNonNull(mounts, "mounts is null");
    Optional<RunGroup> group = Optional.empty();
    try {
      Files.createDirectories(logs);
      Path leftoversFile = logs.resolve("leftovers.txt");
      Files.deleteIfExists(leftoversFile);
      giveToSandbox(mounts);
      group = cgroups ? RunGroup.create(limits) : Optional.empty();
      List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", JOIN, "join"));
      List<Path> procs = group.map(RunGroup::procsFiles).orElse(List.of());
      command.add(Integer.toString(procs.size()));
      procs.forEach(file -> command.add(file.toString()));
      command.add(leftoversFile.toString());
      command.addAll(
          List.of(
              "prlimit", "--fsize=" + limits.fileBytes(), "--nofile=" + Limits.NOFILE, "--core=0"));
      if (group.isEmpty()) {
        command.add("--data=" + limits.memoryBytes());
      }
      command.add("--");
      Map<String, String> env = environment(environment);
      ProcessBuilder builder;
      if (sandboxed) {
        command.addAll(dropPrivileges());
        command.addAll(bwrapPrefix(limits, mounts.data(), mounts.output(), Optional.of(mounts)));
        if (shareNetwork) {
          command.add("--share-net");
          for (String etc :
              List.of("/etc/resolv.conf", "/etc/hosts", "/etc/nsswitch.conf", "/etc/ssl")) {
            command.addAll(List.of("--ro-bind-try", etc, etc));
          }
        }
        command.addAll(SEAL);
        env.forEach((name, value) -> command.addAll(List.of("--setenv", name, value)));
        command.addAll(List.of("--as-pid-1", "--", "/bin/sh", "-c", INIT, "init"));
        command.addAll(argv);
        builder = new ProcessBuilder(command).directory(logs.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
      } else {
        command.add("setsid");
        command.addAll(argv);
        builder = new ProcessBuilder(command).directory(mounts.work().toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
      }
      File stdout = logs.resolve("stdout.txt").toFile();
      File stderr = logs.resolve("stderr.txt").toFile();
      builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      builder.redirectOutput(stdout);
      builder.redirectError(stderr);
      long start = System.nanoTime();
      Process process = startFromOwnThread(builder);
      return new Running(this, argv, process, group, leftoversFile, stderr.toPath(), start);
    } catch (RuntimeException e) {
      group.ifPresent(RunGroup::close);
      throw e;
    } catch (IOException e) {
      group.ifPresent(RunGroup::close);
      throw LoopwatchException.external(
          "cannot run '" + String.join(" ", argv) + "' in " + mounts.work() + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * Starts {@code builder} from a platform thread of its own that lives until the process ends.
   * {@code bwrap --die-with-parent} sets the kernel's parent-death signal, which fires when the
   * <em>thread</em> that forked the process ends, not the whole JVM: forked from a virtual thread's
   * carrier (which the scheduler retires after 30 s idle) or from a short-lived pool thread, the
   * sandbox would be killed in the middle of its run.
   */
  private static Process startFromOwnThread(ProcessBuilder builder) throws IOException {
    java.util.concurrent.CompletableFuture<Process> started =
        new java.util.concurrent.CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .name("lw-sandbox-parent")
        .start(() -> {
          Process process;
          try {
            process = builder.start();
          } catch (IOException | RuntimeException e) {
            started.completeExceptionally(e);
            return;
          }
          started.complete(process);
          while (true) {
            try {
              process.waitFor();
              return;
            } catch (InterruptedException e) {
              // Keep the parent thread (and so the sandbox) alive until the process ends.
            }
          }
        });
    try {
      return started.get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException("cannot start " + builder.command().getFirst(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting " + builder.command().getFirst(), e);
    }
  }

  /**
   * One started sandboxed process tree: its live CPU time, a way to stop it, and its {@link
   * RunResult} once it ended. Closing it kills whatever is left and removes its cgroup.
   */
  public static final class Running implements AutoCloseable {
    private final Sandbox sandbox;
    private final List<String> argv;
    private final Process process;
    private final Optional<RunGroup> group;
    private final Path leftoversFile;
    private final Path stderr;
    private final long start;
    private RunResult result;

    private Running(
        Sandbox sandbox,
        List<String> argv,
        Process process,
        Optional<RunGroup> group,
        Path leftoversFile,
        Path stderr,
        long start) {
      this.sandbox = sandbox;
      this.argv = List.copyOf(argv);
      this.process = process;
      this.group = group;
      this.leftoversFile = leftoversFile;
      this.stderr = stderr;
      this.start = start;
    }

    /** The pid of the harness-side process that started the sandbox. */
    public long pid() {
      return process.pid();
    }

    /** Whether the sandbox's main process is still running. */
    public boolean alive() {
      return process.isAlive();
    }

    /** Wall time since the start, in nanoseconds. */
    public long elapsedNanos() {
      return System.nanoTime() - start;
    }

    /**
     * CPU time (user + system) of every process of the run so far, from its cgroup: a counter the
     * run can neither see nor write; empty without cgroups.
     */
    public OptionalDouble cpuSeconds() {
      return group.map(RunGroup::cpuSeconds).orElse(OptionalDouble.empty());
    }

    /**
     * Waits up to {@code timeout} for the main process to end.
     *
     * @return whether it ended
     */
    public boolean waitFor(java.time.Duration timeout) throws InterruptedException {
      return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Waits for the run until the sandbox's wall-time limit (counted from the start), kills the
     * tree if it passes, and returns what the run did.
     */
    public RunResult await() {
      try {
        long left = sandbox.limits.wallSeconds() * 1_000_000_000L - elapsedNanos();
        boolean finished = process.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS);
        return result(finished);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LoopwatchException(
            LoopwatchException.Kind.INTERNAL, "interrupted while running " + argv.getFirst(), e);
      }
    }

    /**
     * Kills the whole tree now (unless it already ended) and returns what the run did; a killed run
     * is reported as timed out with exit code 137. Safe to call from another thread while one
     * awaits the run.
     */
    public RunResult stop() {
      return result(!process.isAlive());
    }

    private synchronized RunResult result(boolean finished) {
      if (result != null) {
        return result;
      }
      try {
        result = finish(finished);
        return result;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LoopwatchException(
            LoopwatchException.Kind.INTERNAL, "interrupted while ending " + argv.getFirst(), e);
      } catch (IOException e) {
        throw LoopwatchException.external(
            "cannot read the run of '" + String.join(" ", argv) + "': " + e.getMessage(), e);
      }
    }

    private RunResult finish(boolean finished) throws InterruptedException, IOException {
      long wall = elapsedNanos();
      List<String> leftovers = new ArrayList<>();
      if (!finished) {
        group.ifPresent(RunGroup::killAll);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        if (!sandbox.sandboxed) {
          ProcessScan.killAll(process.pid());
        }
      } else if (sandbox.sandboxed) {
        leftovers.addAll(readLeftovers(leftoversFile));
      } else {
        leftovers.addAll(
            group.isPresent()
                ? group.get().pids().stream()
                    .map(pid -> pid + " " + ProcessScan.cmdline(pid))
                    .toList()
                : List.copyOf(ProcessScan.scan(process.pid()).values()));
        group.ifPresent(RunGroup::killAll);
        ProcessScan.killAll(process.pid());
      }
      group.ifPresent(RunGroup::killAll);
      int exit = finished ? process.exitValue() : 137;
      OptionalDouble cpu = group.map(RunGroup::cpuSeconds).orElse(OptionalDouble.empty());
      OptionalLong peak = group.map(RunGroup::peakKb).orElse(OptionalLong.empty());
      List<String> hit = new ArrayList<>();
      Limits limits = sandbox.limits;
      if (group.isPresent() && group.get().oomKilled()) {
        hit.add("memory limit " + limits.memoryMb() + " MiB reached (OOM kill)");
      }
      if (group.isPresent() && group.get().pidsLimitHit()) {
        hit.add("pid limit " + limits.pids() + " reached (a fork failed)");
      }
      if (exit == 128 + 25) {
        hit.add("file size limit " + limits.fileMb() + " MiB exceeded (SIGXFSZ)");
      }
      return new RunResult(exit, wall, cpu, peak, !finished, leftovers, hit, tail(stderr));
    }

    /** Kills whatever is left of the run and removes its cgroup. */
    @Override
    public void close() {
      if (process.isAlive()) {
        group.ifPresent(RunGroup::killAll);
        process.destroyForcibly();
        try {
          process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        if (!sandbox.sandboxed) {
          ProcessScan.killAll(process.pid());
        }
      }
      group.ifPresent(RunGroup::close);
    }
  }

  private Map<String, String> environment(Map<String, String> extra) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", path(sandboxed ? null : System.getenv("PATH")));
    env.put("JAVA_HOME", JAVA_HOME.toString());
    env.put("HOME", sandboxed ? HOME.toString() : System.getProperty("java.io.tmpdir"));
    env.put("TMPDIR", sandboxed ? "/tmp" : System.getProperty("java.io.tmpdir"));
    env.put("LANG", "C.UTF-8");
    env.put("LC_ALL", "C");
    env.putAll(extra);
    return env;
  }

  /** {@code setpriv} to the sandbox uid when the harness is root, else nothing. */
  private static List<String> dropPrivileges() {
    if (!root()) {
      return List.of();
    }
    String id = Integer.toString(uid());
    return List.of("setpriv", "--reuid", id, "--regid", id, "--clear-groups", "--");
  }

  /** The bwrap command up to (not including) the environment and the command. */
  private static List<String> bwrapPrefix(
      Limits limits, Optional<Path> data, Optional<Path> output, Optional<Mounts> mounts) {
    String size = Long.toString(Math.max(limits.memoryBytes(), 16L * 1024 * 1024));
    List<String> command =
        new ArrayList<>(
            List.of(
                "/usr/bin/bwrap",
                "--unshare-all",
                "--unshare-user",
                "--disable-userns",
                "--die-with-parent",
                "--new-session",
                "--cap-drop",
                "ALL",
                "--clearenv",
                "--ro-bind",
                "/usr",
                "/usr",
                "--symlink",
                "usr/bin",
                "/bin",
                "--symlink",
                "usr/sbin",
                "/sbin",
                "--symlink",
                "usr/lib",
                "/lib",
                "--symlink",
                "usr/lib64",
                "/lib64",
                "--proc",
                "/proc",
                "--dev",
                "/dev",
                "--size",
                size,
                "--tmpfs",
                "/dev/shm",
                "--size",
                size,
                "--tmpfs",
                "/tmp",
                "--dir",
                "/var",
                "--size",
                size,
                "--tmpfs",
                "/var/tmp",
                "--size",
                size,
                "--tmpfs",
                HOME.toString()));
    if (!JAVA_HOME.startsWith("/usr/")) {
      command.addAll(List.of("--ro-bind", JAVA_HOME.toString(), JAVA_HOME.toString()));
    }
    for (Path etc : javaEtc()) {
      command.addAll(List.of("--ro-bind", etc.toString(), etc.toString()));
    }
    if (mounts.isPresent()) {
      command.addAll(List.of("--bind", mounts.get().work().toString(), WORK.toString()));
      data.ifPresent(
          path -> command.addAll(List.of("--ro-bind", path.toString(), DATA.toString())));
      output.ifPresent(path -> command.addAll(List.of("--bind", path.toString(), OUT.toString())));
      for (Bind bind : mounts.get().binds()) {
        command.addAll(
            List.of(
                bind.writable() ? "--bind" : "--ro-bind",
                bind.source().toString(),
                bind.target().toString()));
      }
      command.addAll(List.of("--chdir", WORK.toString()));
    }
    return command;
  }

  /**
   * The {@code /etc} folders that {@code /usr} links into: {@code /etc/alternatives} (Debian's
   * {@code awk}, {@code java} links) and a Debian JDK's {@code /etc/java-*}, if any.
   */
  private static List<Path> javaEtc() {
    try (Stream<Path> entries = Files.list(Path.of("/etc"))) {
      return entries
          .filter(path -> {
            String name = path.getFileName().toString();
            return name.startsWith("java") || name.equals("alternatives");
          })
          .filter(path -> Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS))
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * Makes the run's writable folders (and its data) owned by the sandbox uid when the harness is
   * root; the bind sources must be reachable by that uid, so each folder above them is made
   * traversable (not listable) by others.
   */
  private void giveToSandbox(Mounts mounts) throws IOException {
    if (!sandboxed || !root()) {
      return;
    }
    int id = uid();
    List<Path> owned =
        Stream.concat(
                Stream.of(Optional.of(mounts.work()), mounts.data(), mounts.output())
                    .flatMap(Optional::stream),
                mounts.binds().stream().filter(Bind::writable).map(Bind::source))
            .toList();
    for (Path folder : owned) {
      try (Stream<Path> walk = Files.walk(folder)) {
        for (Path path : walk.toList()) {
          Files.setAttribute(path, "unix:uid", id, LinkOption.NOFOLLOW_LINKS);
          Files.setAttribute(path, "unix:gid", id, LinkOption.NOFOLLOW_LINKS);
        }
      }
    }
    for (Path folder :
        Stream.concat(owned.stream(), mounts.binds().stream().map(Bind::source)).toList()) {
      for (Path parent = folder.toAbsolutePath().getParent();
          parent != null && parent.getParent() != null;
          parent = parent.getParent()) {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(parent);
        if (permissions.add(PosixFilePermission.OTHERS_EXECUTE)) {
          Files.setPosixFilePermissions(parent, permissions);
        }
      }
    }
  }

  /**
   * The {@code PATH} of every build and run: the bin folder of the JDK running the harness first,
   * so that {@code java} and {@code javac} in a task's argv are the harness's own Java version and
   * not whichever JDK happens to be the system default; then the inherited {@code PATH} (or {@code
   * /usr/local/bin:/usr/bin:/bin} when there is none).
   */
  static String path(String inherited) {
    String rest =
        inherited == null || inherited.isBlank() ? "/usr/local/bin:/usr/bin:/bin" : inherited;
    return JAVA_HOME.resolve("bin") + File.pathSeparator + rest;
  }

  private static List<String> readLeftovers(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    return head(file, LEFTOVERS_BYTES).lines().filter(line -> !line.isBlank()).toList();
  }

  private static String head(Path file, int bytes) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(bytes), StandardCharsets.ISO_8859_1);
    }
  }

  /** The last lines of a file, reading at most its last {@value #TAIL_BYTES} bytes. */
  static String tail(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return "";
    }
    long size = Files.size(file);
    byte[] bytes;
    try (var channel = java.nio.channels.FileChannel.open(file)) {
      channel.position(Math.max(0, size - TAIL_BYTES));
      bytes = Channels.readUpTo(channel, TAIL_BYTES);
    }
    List<String> lines = new String(bytes, StandardCharsets.ISO_8859_1).lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size())).strip();
  }

  /** Bounded reads from a channel. */
  private static final class Channels {
    private Channels() {}

    static byte[] readUpTo(java.nio.channels.FileChannel channel, int limit) throws IOException {
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(limit);
      while (buffer.hasRemaining() && channel.read(buffer) > 0) {
        // keep reading
      }
      byte[] bytes = new byte[buffer.position()];
      buffer.flip().get(bytes);
      return bytes;
    }
  }
}
