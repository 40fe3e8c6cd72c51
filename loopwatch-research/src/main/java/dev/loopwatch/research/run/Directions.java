package dev.loopwatch.research.run;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The agents' starting directions: one per non-blank line of a directions file, the i-th agent
 * getting line i. Agents given identical prompts converge on the same idea, so a file with fewer
 * lines than agents is not silently cycled: {@link #reuseNote()} says which agents share a line,
 * for stderr and run.json.
 *
 * @param file the file read, if any
 * @param lines its directions (at least one)
 * @param agents the number of agents
 */
public record Directions(Optional<Path> file, List<String> lines, int agents) {
  /** The direction an agent gets when no file is given. */
  public static final String DEFAULT =
      "Improve the task's score; share what you learn on the forum.";

  public Directions {
    requireNonNull(file, "file is null");
    lines = List.copyOf(requireNonNull(lines, "lines is null"));
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("no directions");
    }
    if (agents < 1) {
      throw new IllegalArgumentException("agents must be positive: " + agents);
    }
  }

  /**
   * Reads {@code file} (blank lines and lines starting with {@code #} skipped), or the single
   * default direction when it is empty.
   */
  public static Directions read(Optional<Path> file, int agents) {
    if (file.isEmpty()) {
      return new Directions(file, List.of(DEFAULT), agents);
    }
    List<String> lines = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file.get(), StandardCharsets.UTF_8)) {
        String direction = line.strip();
        if (!direction.isEmpty() && !direction.startsWith("#")) {
          lines.add(direction);
        }
      }
    } catch (IOException e) {
      throw LoopwatchException.userInput(
          "cannot read the directions file " + file.get() + ": " + e.getMessage());
    }
    if (lines.isEmpty()) {
      throw LoopwatchException.userInput(
          "the directions file " + file.get() + " has no directions (one per line)");
    }
    return new Directions(file, lines, agents);
  }

  /** The direction of agent {@code index} (from 0). */
  public String of(int index) {
    return lines.get(index % lines.size());
  }

  /** Whether some agents share a direction because the file has fewer lines than agents. */
  public boolean reused() {
    return lines.size() < agents;
  }

  /** A sentence saying how directions are reused, or empty when every agent has its own. */
  public Optional<String> reuseNote() {
    if (!reused()) {
      return Optional.empty();
    }
    String source = file.map(Path::toString).orElse("the default direction");
    return Optional.of(
        source
            + " has "
            + lines.size()
            + (lines.size() == 1 ? " direction" : " directions")
            + " for "
            + agents
            + " agents: agent i gets direction (i mod "
            + lines.size()
            + "), so "
            + (agents - lines.size())
            + (agents - lines.size() == 1 ? " agent repeats" : " agents repeat")
            + " a direction another agent has");
  }
}
