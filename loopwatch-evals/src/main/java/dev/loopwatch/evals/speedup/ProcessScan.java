package dev.loopwatch.evals.speedup;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Finds and kills the processes of one session or process group by scanning {@code /proc}: the best
 * a harness can do for a process tree that is in no PID namespace and no cgroup (only with {@code
 * --unsafe-no-sandbox} on a machine without writable cgroups). A process that leaves the session
 * escapes it.
 */
final class ProcessScan {
  private ProcessScan() {}

  /** Kills every process of session or group {@code session} until none is left (bounded). */
  static void killAll(long session) {
    for (int round = 0; round < 50; round++) {
      Map<Long, String> alive = scan(session);
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

  /** Live processes in session or group {@code session}, by pid, with their command lines. */
  static Map<Long, String> scan(long session) {
    Map<Long, String> found = new TreeMap<>();
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
          if (group == session || sid == session) {
            found.put(pid, pid + " " + cmdline(pid));
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

  /** The command line of {@code pid}, spaces for NULs, or "" when it is gone. */
  static String cmdline(long pid) {
    try {
      return new String(
              Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
              StandardCharsets.UTF_8)
          .replace('\0', ' ')
          .strip();
    } catch (IOException e) {
      return "";
    }
  }
}
