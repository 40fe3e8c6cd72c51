package dev.loopwatch.evals.speedup;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The kernel control group of one sandboxed build or run: the only source of its CPU time, peak
 * memory and OOM and pid-limit events, and the place its CPU set, memory and pid limits are set.
 * The harness writes the limits and reads the counters from outside the sandbox; a run can neither
 * see nor write these files.
 *
 * <p>Two layouts: cgroup v2 (one folder below the harness's own group in a cgroup2 hierarchy that
 * delegates {@code cpuset}, {@code memory}, {@code pids} and {@code cpu}) and cgroup v1 (one folder
 * per controller, {@code cpuset}, {@code memory}, {@code pids} and {@code cpuacct}, each below the
 * harness's own group of that controller). {@link #create} picks v2 when usable, else v1, else
 * none.
 */
final class RunGroup implements AutoCloseable {
  private static final Path ROOT = Path.of("/sys/fs/cgroup");
  private static final List<String> V1 = List.of("cpuset", "memory", "pids", "cpuacct");
  private static final List<String> V2 = List.of("cpuset", "memory", "pids", "cpu");

  private final boolean v2;
  private final List<Path> folders;

  private RunGroup(boolean v2, List<Path> folders) {
    this.v2 = v2;
    this.folders = List.copyOf(folders);
  }

  /**
   * A new group with these limits, or empty when this process cannot create cgroups here (not root,
   * or the controllers are not mounted or not delegated).
   */
  static Optional<RunGroup> create(Limits limits) {
    requireNonNull(limits, "limits is null");
    String name = "loopwatch-run-" + UUID.randomUUID();
    Optional<Path> unified = v2Parent();
    try {
      if (unified.isPresent()) {
        Path folder = Files.createDirectory(unified.get().resolve(name));
        RunGroup group = new RunGroup(true, List.of(folder));
        try {
          write(
              folder.resolve("cpuset.cpus"),
              cpus(read(unified.get().resolve("cpuset.cpus.effective")), limits.cpus()));
          write(folder.resolve("memory.max"), Long.toString(limits.memoryBytes()));
          if (Files.exists(folder.resolve("memory.swap.max"))) {
            write(folder.resolve("memory.swap.max"), "0");
          }
          write(folder.resolve("pids.max"), Integer.toString(limits.pids()));
          return Optional.of(group);
        } catch (IOException | RuntimeException e) {
          group.close();
          throw e;
        }
      }
      List<Path> parents = new ArrayList<>();
      for (String controller : V1) {
        Optional<Path> parent = v1Parent(controller);
        if (parent.isEmpty()) {
          return Optional.empty();
        }
        parents.add(parent.get());
      }
      List<Path> created = new ArrayList<>();
      RunGroup group = new RunGroup(false, created);
      try {
        for (Path parent : parents) {
          created.add(Files.createDirectory(parent.resolve(name)));
        }
        group = new RunGroup(false, created);
        Path cpuset = created.get(0);
        write(
            cpuset.resolve("cpuset.cpus"),
            cpus(read(parents.get(0).resolve("cpuset.effective_cpus")), limits.cpus()));
        write(cpuset.resolve("cpuset.mems"), read(parents.get(0).resolve("cpuset.effective_mems")));
        Path memory = created.get(1);
        write(memory.resolve("memory.limit_in_bytes"), Long.toString(limits.memoryBytes()));
        if (Files.exists(memory.resolve("memory.memsw.limit_in_bytes"))) {
          write(memory.resolve("memory.memsw.limit_in_bytes"), Long.toString(limits.memoryBytes()));
        }
        write(created.get(2).resolve("pids.max"), Integer.toString(limits.pids()));
        return Optional.of(group);
      } catch (IOException | RuntimeException e) {
        group.close();
        throw e;
      }
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Whether this process can create run groups here (checked by creating and removing one). */
  static boolean available() {
    Optional<RunGroup> group = create(new Limits(1, 16, 1));
    group.ifPresent(RunGroup::close);
    return group.isPresent();
  }

  /** The cgroup version in use, for reports: "v1" or "v2". */
  String version() {
    return v2 ? "v2" : "v1";
  }

  /** The {@code cgroup.procs} files a process writes its pid to, to join the group. */
  List<Path> procsFiles() {
    return folders.stream().map(folder -> folder.resolve("cgroup.procs")).toList();
  }

  /** CPU time (user + system) of every process that ever ran in the group, in seconds. */
  OptionalDouble cpuSeconds() {
    try {
      if (v2) {
        return stat(folders.getFirst().resolve("cpu.stat"), "usage_usec")
            .map(usec -> OptionalDouble.of(usec / 1e6))
            .orElse(OptionalDouble.empty());
      }
      return OptionalDouble.of(Long.parseLong(read(folders.get(3).resolve("cpuacct.usage"))) / 1e9);
    } catch (IOException | NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }

  /** Peak memory charged to the group (anonymous memory, tmpfs and page cache), in KiB. */
  OptionalLong peakKb() {
    try {
      Path file =
          v2
              ? folders.getFirst().resolve("memory.peak")
              : folders.get(1).resolve("memory.max_usage_in_bytes");
      return Files.exists(file)
          ? OptionalLong.of(Long.parseLong(read(file)) / 1024)
          : OptionalLong.empty();
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** Whether the kernel's OOM killer killed a process of the group. */
  boolean oomKilled() {
    try {
      if (v2) {
        return stat(folders.getFirst().resolve("memory.events"), "oom_kill").orElse(0L) > 0;
      }
      return stat(folders.get(1).resolve("memory.oom_control"), "oom_kill").orElse(0L) > 0
          || Long.parseLong(read(folders.get(1).resolve("memory.failcnt"))) > 0
              && stat(folders.get(1).resolve("memory.oom_control"), "oom_kill").isEmpty();
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }

  /** Whether a fork failed because the group reached its pid limit. */
  boolean pidsLimitHit() {
    try {
      Path events = (v2 ? folders.getFirst() : folders.get(2)).resolve("pids.events");
      return Files.exists(events) && stat(events, "max").orElse(0L) > 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** Pids of the processes in the group now. */
  List<Long> pids() {
    try {
      return read(folders.getFirst().resolve("cgroup.procs"))
          .lines()
          .filter(line -> !line.isBlank())
          .map(Long::parseLong)
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Kills every process of the group until none is left (bounded). */
  void killAll() {
    if (v2 && Files.exists(folders.getFirst().resolve("cgroup.kill"))) {
      try {
        write(folders.getFirst().resolve("cgroup.kill"), "1");
      } catch (IOException e) {
        // Fall back to signalling each process below.
      }
    }
    for (int round = 0; round < 100; round++) {
      List<Long> pids = pids();
      if (pids.isEmpty()) {
        return;
      }
      pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Kills what is left and removes the group's folders. */
  @Override
  public void close() {
    killAll();
    for (Path folder : folders.reversed()) {
      for (int attempt = 0; attempt < 50; attempt++) {
        try {
          Files.deleteIfExists(folder);
          break;
        } catch (IOException e) {
          try {
            Thread.sleep(10);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }
  }

  /** The first {@code count} CPUs of a cpuset list such as {@code 0-3,6}. */
  static String cpus(String list, int count) {
    List<Integer> all = new ArrayList<>();
    for (String part : list.strip().split(",")) {
      if (part.isBlank()) {
        continue;
      }
      String[] range = part.split("-");
      int from = Integer.parseInt(range[0].strip());
      int to = range.length == 2 ? Integer.parseInt(range[1].strip()) : from;
      for (int cpu = from; cpu <= to; cpu++) {
        all.add(cpu);
      }
    }
    if (all.isEmpty()) {
      throw new IllegalStateException("empty cpuset: '" + list + "'");
    }
    return String.join(
        ",", all.subList(0, Math.min(count, all.size())).stream().map(String::valueOf).toList());
  }

  private static Optional<Path> v2Parent() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
        if (line.startsWith("0::")) {
          for (Path mount : List.of(ROOT, ROOT.resolve("unified"))) {
            Path parent = mount.resolve(line.substring(3).replaceFirst("^/", ""));
            Path controllers = parent.resolve("cgroup.subtree_control");
            if (Files.isWritable(controllers)
                && Files.exists(mount.resolve("cgroup.controllers"))) {
              String enabled = read(controllers);
              if (V2.stream().allMatch(c -> (" " + enabled + " ").contains(" " + c + " "))) {
                return Optional.of(parent);
              }
            }
          }
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static Optional<Path> v1Parent(String controller) {
    Path mount = ROOT.resolve(controller);
    if (!Files.isDirectory(mount) || !Files.exists(mount.resolve("cgroup.procs"))) {
      return Optional.empty();
    }
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
        String[] fields = line.split(":", 3);
        if (fields.length == 3 && List.of(fields[1].split(",")).contains(controller)) {
          Path parent = mount.resolve(fields[2].replaceFirst("^/", ""));
          return Files.isWritable(parent) ? Optional.of(parent) : Optional.empty();
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static Optional<Long> stat(Path file, String key) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    for (String line : read(file).lines().toList()) {
      String[] parts = line.strip().split("\\s+");
      if (parts.length == 2 && parts[0].equals(key)) {
        return Optional.of(Long.parseLong(parts[1]));
      }
    }
    return Optional.empty();
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.US_ASCII).strip();
  }

  private static void write(Path file, String value) throws IOException {
    Files.writeString(file, value.toLowerCase(Locale.ROOT), StandardCharsets.US_ASCII);
  }
}
