package dev.loopwatch.git.repo;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.process.ChildProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The git CLI, run against one repository. Every call pins the options that change output formats
 * (quoted paths, colours, pagers, locale) so parsers see the same bytes on every machine.
 */
public final class Git {
  private static final Duration DEFAULT_TIMEOUT = Duration.ofHours(6);
  private static final Map<String, String> ENVIRONMENT =
      Map.of(
          "LC_ALL", "C", "GIT_PAGER", "cat", "GIT_TERMINAL_PROMPT", "0", "GIT_OPTIONAL_LOCKS", "0");

  private final Path directory;
  private final Path topLevel;
  private final boolean bare;
  private final Map<String, String> baseEnvironment;

  private Git(Path directory, Path topLevel, boolean bare) {
    this(directory, topLevel, bare, ENVIRONMENT);
  }

  private Git(Path directory, Path topLevel, boolean bare, Map<String, String> baseEnvironment) {
    this.directory = directory;
    this.topLevel = topLevel;
    this.bare = bare;
    this.baseEnvironment = Map.copyOf(baseEnvironment);
  }

  /**
   * This repository, with {@code objects} searched as an extra object folder after its own (git's
   * {@code GIT_ALTERNATE_OBJECT_DIRECTORIES}); nothing in the repository itself changes.
   */
  public Git withAlternateObjects(Path objects) {
    Map<String, String> environment = new HashMap<>(baseEnvironment);
    environment.put("GIT_ALTERNATE_OBJECT_DIRECTORIES", objects.toAbsolutePath().toString());
    return new Git(directory, topLevel, bare, environment);
  }

  /**
   * Opens the repository at {@code path} (a work tree, any folder inside one, or a bare
   * repository).
   *
   * @throws LoopwatchException USER_INPUT naming the path if it is missing or not a git repository
   */
  public static Git open(Path path) {
    requireNonNull(path, "path is null");
    Path absolute = path.toAbsolutePath().normalize();
    if (!Files.exists(absolute)) {
      throw LoopwatchException.userInput(absolute + ": no such file or folder");
    }
    if (!Files.isDirectory(absolute)) {
      throw LoopwatchException.userInput(absolute + ": not a folder, so not a git repository");
    }
    Git probe = new Git(absolute, absolute, false);
    Result bareCheck = probe.tryRun(List.of("rev-parse", "--is-bare-repository"));
    if (bareCheck.exitCode() != 0) {
      throw LoopwatchException.userInput(absolute + ": not a git repository");
    }
    if (bareCheck.stdout().strip().equals("true")) {
      return new Git(absolute, absolute, true);
    }
    String top = probe.run(List.of("rev-parse", "--show-toplevel")).strip();
    return new Git(absolute, Path.of(top), false);
  }

  /** The repository's top level (the work tree root, or the bare repository folder). */
  public Path topLevel() {
    return topLevel;
  }

  /** Whether this is a bare repository. */
  public boolean bare() {
    return bare;
  }

  /**
   * The folder inside the work tree this repository was opened at, relative to the top level with
   * {@code /} separators and no trailing slash ({@code services/api}); empty when opened at the top
   * level or bare.
   */
  public Optional<String> subfolder() {
    if (bare) {
      return Optional.empty();
    }
    String prefix = run(List.of("rev-parse", "--show-prefix")).strip();
    while (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    return prefix.isEmpty() ? Optional.empty() : Optional.of(prefix);
  }

  /**
   * The boundary commits of a shallow clone, those {@code .git/shallow} lists: git shows them
   * without their parents, so each one's diff is its whole tree. Empty for a complete clone.
   */
  public List<String> shallowBoundary() {
    Path file = directory.resolve(run(List.of("rev-parse", "--git-path", "shallow")).strip());
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      return Files.readAllLines(file, StandardCharsets.US_ASCII).stream()
          .map(String::strip)
          .filter(line -> !line.isEmpty())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw LoopwatchException.external(file + ": cannot read the shallow boundary: " + e, e);
    }
  }

  /** Starts {@code git args...}; the caller reads its stdout and must close it. */
  public ChildProcess start(List<String> args) {
    return ChildProcess.start(command(args), directory, baseEnvironment, DEFAULT_TIMEOUT);
  }

  /** Starts {@code git args...} with stdin open for the caller (batch commands). */
  public ChildProcess startInteractive(List<String> args) {
    return ChildProcess.startInteractive(
        command(args), directory, baseEnvironment, DEFAULT_TIMEOUT);
  }

  /**
   * Starts {@code git args...} with stdin open for the caller and {@code extraEnvironment} added to
   * the child's environment (for example {@code GIT_INDEX_FILE}); the pinned variables can be
   * overridden.
   */
  public ChildProcess startInteractive(List<String> args, Map<String, String> extraEnvironment) {
    return ChildProcess.startInteractive(
        command(args), directory, environment(extraEnvironment), DEFAULT_TIMEOUT);
  }

  /**
   * Runs {@code git args...} with {@code extraEnvironment} added and returns its exit code, stdout
   * and stderr.
   */
  public Result tryRun(List<String> args, Map<String, String> extraEnvironment) {
    try (ChildProcess child =
        ChildProcess.start(
            command(args), directory, environment(extraEnvironment), DEFAULT_TIMEOUT)) {
      byte[] out;
      try (InputStream in = child.stdout()) {
        out = in.readAllBytes();
      } catch (IOException e) {
        throw LoopwatchException.external(
            "reading output of git " + String.join(" ", args) + ": " + e.getMessage(), e);
      }
      int code = child.waitFor();
      return new Result(code, new String(out, StandardCharsets.UTF_8), child.stderrText());
    }
  }

  /**
   * Runs {@code git args...} with {@code input} on stdin and returns its stdout. The input is
   * written from its own virtual thread while stdout is read, so neither side blocks on a full pipe
   * buffer.
   *
   * @throws LoopwatchException EXTERNAL naming the command if git exits non-zero or the pipes fail
   */
  public byte[] runWithInput(
      List<String> args, Map<String, String> extraEnvironment, byte[] input) {
    try (ChildProcess child = startInteractive(args, extraEnvironment)) {
      AtomicReference<IOException> writeFailure = new AtomicReference<>();
      Thread writer =
          Thread.ofVirtual()
              .name("lw-git-stdin")
              .start(() -> {
                try (OutputStream stdin = child.stdin()) {
                  stdin.write(input);
                } catch (IOException e) {
                  writeFailure.set(e);
                }
              });
      byte[] output;
      try (InputStream stdout = child.stdout()) {
        output = stdout.readAllBytes();
      } catch (IOException e) {
        throw LoopwatchException.external(
            "reading output of git " + String.join(" ", args) + ": " + e.getMessage(), e);
      }
      int code = child.waitFor();
      try {
        writer.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LoopwatchException(
            LoopwatchException.Kind.INTERNAL, "interrupted writing to git", e);
      }
      if (code != 0) {
        throw failure(args, code, child.stderrText());
      }
      IOException failed = writeFailure.get();
      if (failed != null) {
        throw LoopwatchException.external(
            "writing input of git " + String.join(" ", args) + ": " + failed.getMessage(), failed);
      }
      return output;
    }
  }

  /**
   * Runs {@code git args...}, returning stdout; a non-zero exit is an EXTERNAL failure naming the
   * command.
   */
  public String run(List<String> args) {
    Result result = tryRun(args);
    if (result.exitCode() != 0) {
      throw failure(args, result.exitCode(), result.stderr());
    }
    return result.stdout();
  }

  /** Runs {@code git args...} and returns its exit code, stdout and stderr without judging them. */
  public Result tryRun(List<String> args) {
    return tryRun(args, Map.of());
  }

  /** Resolves {@code revision} to a full commit id, if it names a commit. */
  public Optional<String> resolveCommit(String revision) {
    Result result =
        tryRun(
            List.of(
                "rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"));
    return result.exitCode() == 0 ? Optional.of(result.stdout().strip()) : Optional.empty();
  }

  /** The failure for a git command that exited with {@code code}. */
  public LoopwatchException failure(List<String> args, int code, String stderr) {
    String detail =
        stderr.isBlank() ? "exit code " + code : stderr.lines().findFirst().orElse("").strip();
    return LoopwatchException.external(
        topLevel
            + ": git "
            + String.join(" ", args.subList(0, Math.min(args.size(), 3)))
            + " failed: "
            + detail,
        null);
  }

  private Map<String, String> environment(Map<String, String> extraEnvironment) {
    requireNonNull(extraEnvironment, "extraEnvironment is null");
    Map<String, String> environment = new HashMap<>(baseEnvironment);
    environment.putAll(extraEnvironment);
    return environment;
  }

  private static List<String> command(List<String> args) {
    List<String> command = new ArrayList<>(args.size() + 8);
    command.add("git");
    command.add("-c");
    command.add("core.quotepath=off");
    command.add("-c");
    command.add("color.ui=never");
    command.add("-c");
    command.add("log.showSignature=false");
    command.add("--no-pager");
    command.addAll(args);
    return command;
  }

  /**
   * A finished git command.
   *
   * @param exitCode its exit code
   * @param stdout what it printed
   * @param stderr what it printed on stderr
   */
  public record Result(int exitCode, String stdout, String stderr) {}
}
