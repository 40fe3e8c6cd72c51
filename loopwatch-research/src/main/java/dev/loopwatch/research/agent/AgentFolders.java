package dev.loopwatch.research.agent;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One agent's folders in the run folder: {@code agents/NAME/workspace} (its {@code /work}), {@code
 * agents/NAME/home} (its HOME, where its transcripts land) and {@code agents/NAME/attempts/N} (the
 * stdout and stderr of each attempt, which the agent cannot see).
 *
 * @param root {@code agents/NAME}
 * @param workspace the workspace
 * @param home the HOME folder
 * @param attempts the folder of attempt logs
 */
public record AgentFolders(Path root, Path workspace, Path home, Path attempts) {
  public AgentFolders {
    requireNonNull(root, "root is null");
    requireNonNull(workspace, "workspace is null");
    requireNonNull(home, "home is null");
    requireNonNull(attempts, "attempts is null");
  }

  /** Creates the folders of agent {@code name} below {@code runFolder}. */
  public static AgentFolders create(Path runFolder, String name) {
    Path root = runFolder.resolve("agents").resolve(name);
    AgentFolders folders =
        new AgentFolders(
            root, root.resolve("workspace"), root.resolve("home"), root.resolve("attempts"));
    try {
      Files.createDirectories(folders.workspace());
      Files.createDirectories(folders.home());
      Files.createDirectories(folders.attempts());
      Files.writeString(folders.home().resolve(".gitconfig"), AgentEnvironment.GITCONFIG);
    } catch (IOException e) {
      throw LoopwatchException.external("cannot create " + root + ": " + e.getMessage(), e);
    }
    return folders;
  }

  /** The log folder of attempt {@code number} (from 1). */
  public Path attempt(int number) {
    return attempts.resolve(Integer.toString(number));
  }
}
