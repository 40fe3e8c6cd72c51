package dev.loopwatch.evals.speedup;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.core.process.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The source tree to grade: a folder, or a commit of a git repository. */
public sealed interface Candidate {
  /** The candidate name that means the task's own reference solution. */
  String REFERENCE = "reference";

  /** Writes a fresh copy of the candidate's tree into the new folder {@code target}. */
  void copyTo(Path target);

  /** How the candidate was given, for reports. */
  String describe();

  /**
   * A folder holding the candidate's tree.
   *
   * @param folder the folder
   */
  record Folder(Path folder) implements Candidate {
    public Folder {
      requireNonNull(folder, "folder is null");
    }

    @Override
    public void copyTo(Path target) {
      Trees.copy(folder, target);
    }

    @Override
    public String describe() {
      return folder.toString();
    }
  }

  /**
   * A commit of a git repository; the candidate's tree is {@code subfolder} of that commit.
   *
   * @param repository the repository's work tree (or git dir)
   * @param commit the commit (any revision git accepts)
   * @param subfolder the tree's path inside the commit, "" for the root
   */
  record GitCommit(Path repository, String commit, String subfolder) implements Candidate {
    public GitCommit {
      requireNonNull(repository, "repository is null");
      requireNonNull(commit, "commit is null");
      requireNonNull(subfolder, "subfolder is null");
    }

    @Override
    public void copyTo(Path target) {
      try {
        Files.createDirectories(target);
        Path archive = Files.createTempFile("loopwatch-candidate", ".tar");
        try {
          String treeish = subfolder.isEmpty() ? commit : commit + ":" + subfolder;
          git(
              List.of(
                  "git",
                  "-C",
                  repository.toString(),
                  "archive",
                  "--format=tar",
                  "-o",
                  archive.toString(),
                  treeish),
              repository,
              "cannot read " + describe());
          git(
              List.of("tar", "-xf", archive.toString(), "-C", target.toString()),
              target,
              "cannot unpack " + describe());
        } finally {
          Files.deleteIfExists(archive);
        }
      } catch (IOException e) {
        throw LoopwatchException.external("cannot copy " + describe() + ": " + e.getMessage(), e);
      }
    }

    private static void git(List<String> command, Path directory, String what) {
      try (ChildProcess child =
          ChildProcess.start(command, directory, Map.of("LC_ALL", "C"), Duration.ofMinutes(5))) {
        child.stdout().transferTo(java.io.OutputStream.nullOutputStream());
        if (child.waitFor() != 0) {
          throw LoopwatchException.userInput(
              what
                  + ": "
                  + child
                      .stderrText()
                      .lines()
                      .findFirst()
                      .orElse("exit " + command.getFirst() + " failed"));
        }
      } catch (IOException e) {
        throw LoopwatchException.external(what + ": " + e.getMessage(), e);
      }
    }

    @Override
    public String describe() {
      return repository + "@" + commit + (subfolder.isEmpty() ? "" : ":" + subfolder);
    }
  }

  /**
   * Parses a candidate argument: an existing folder; {@code REPO@COMMIT} (the commit's root tree);
   * or a bare commit of the repository holding the task, whose baseline-folder path is used.
   */
  public static Candidate parse(String text, TaskSpec task) {
    requireNonNull(text, "text is null");
    if (text.equals(REFERENCE)) {
      return new Folder(
          task.reference()
              .orElseThrow(() ->
                  LoopwatchException.userInput(
                      "candidate 'reference': the task " + task.name() + " has no reference"))
              .toAbsolutePath()
              .normalize());
    }
    Path asPath = Path.of(text);
    if (Files.isDirectory(asPath)) {
      return new Folder(asPath.toAbsolutePath().normalize());
    }
    int at = text.lastIndexOf('@');
    if (at > 0 && Files.isDirectory(Path.of(text.substring(0, at)))) {
      return new GitCommit(
          Path.of(text.substring(0, at)).toAbsolutePath().normalize(), text.substring(at + 1), "");
    }
    if (text.matches("[0-9A-Za-z._/~^-]+") && !text.contains("..")) {
      Path top = topLevel(task.baseline());
      String subfolder;
      try {
        subfolder = Trees.relative(top, task.baseline().toRealPath());
      } catch (IOException e) {
        throw LoopwatchException.userInput(task.baseline() + ": " + e.getMessage());
      }
      return new GitCommit(top, text, subfolder);
    }
    throw LoopwatchException.userInput(
        text + ": not a folder, REPO@COMMIT, or a commit of the task's repository");
  }

  private static Path topLevel(Path folder) {
    try (ChildProcess child =
        ChildProcess.start(
            List.of("git", "-C", folder.toString(), "rev-parse", "--show-toplevel"),
            folder,
            Map.of("LC_ALL", "C"),
            Duration.ofMinutes(1))) {
      String out =
          new String(child.stdout().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (child.waitFor() != 0) {
        throw LoopwatchException.userInput(
            folder + ": the candidate is not a folder and the task is not in a git repository");
      }
      return Path.of(out.strip()).toRealPath();
    } catch (IOException e) {
      throw LoopwatchException.external("cannot run git in " + folder + ": " + e.getMessage(), e);
    }
  }
}
