package dev.loopwatch.research.agent;

import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The agent command as the sandbox runs it. The sandbox sees only {@code /usr}, the JDK and the
 * run's folders, so a command whose first word is a file on the host (e.g. {@code
 * bench/agents/naive.sh}) is copied into the run's helper folder and called there; otherwise its
 * first word must be a program on the sandbox's PATH ({@code /usr/local/bin}, {@code /usr/bin},
 * {@code /bin} or the JDK's {@code bin}). Anything else is refused before any agent starts.
 */
public final class AgentCommand {
  private static final List<String> SANDBOX_PATH =
      List.of("/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin");

  private AgentCommand() {}

  /**
   * The command to run in the sandbox for {@code command} given on the host.
   *
   * @param command the command line, run by {@code /bin/sh -c}
   * @param endpoints the run's endpoints folder ({@code bin} is created there)
   * @throws LoopwatchException (usage) when its program is neither a file nor on the sandbox PATH
   */
  public static String resolve(String command, Path endpoints) {
    check(command);
    String trimmed = command.strip();
    int space = firstSpace(trimmed);
    String program = unquote(trimmed.substring(0, space));
    String rest = trimmed.substring(space);
    if (program.contains("/")) {
      Path file = Path.of(program).toAbsolutePath().normalize();
      try {
        Path bin = Files.createDirectories(endpoints.resolve("bin"));
        Path copy = bin.resolve(file.getFileName().toString());
        if (Files.exists(copy) && Files.mismatch(file, copy) != -1) {
          throw LoopwatchException.userInput(
              "agent command '"
                  + program
                  + "': another agent script of the run is also named '"
                  + file.getFileName()
                  + "'; rename one (scripts are copied into one folder by name)");
        }
        Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        copy.toFile().setExecutable(true, false);
        copy.toFile().setReadable(true, false);
        return AgentEnvironment.ENDPOINTS.resolve("bin").resolve(copy.getFileName()) + rest;
      } catch (IOException e) {
        throw LoopwatchException.external("cannot copy " + file + ": " + e.getMessage(), e);
      }
    }
    return trimmed;
  }

  /**
   * Checks that {@code command} can run in the sandbox, without copying anything: its program is a
   * file on the host or on the sandbox's PATH. Called before a run creates its folder.
   *
   * @throws LoopwatchException (usage) naming the program when it cannot
   */
  public static void check(String command) {
    String trimmed = command.strip();
    if (trimmed.isEmpty()) {
      throw LoopwatchException.userInput("--agent is empty");
    }
    String program = unquote(trimmed.substring(0, firstSpace(trimmed)));
    if (program.contains("/")) {
      if (!Files.isRegularFile(Path.of(program).toAbsolutePath().normalize())) {
        throw LoopwatchException.userInput("agent command '" + program + "' does not exist");
      }
      return;
    }
    Path javaBin = Path.of(System.getProperty("java.home"), "bin");
    boolean found =
        SANDBOX_PATH.stream()
                .map(Path::of)
                .anyMatch(folder -> Files.isExecutable(folder.resolve(program)))
            || Files.isExecutable(javaBin.resolve(program))
            || isShellWord(program);
    if (!found) {
      throw LoopwatchException.userInput(
          "agent command '"
              + program
              + "' is not on the sandbox's PATH ("
              + String.join(":", SANDBOX_PATH)
              + ", the JDK's bin) and is not a file; give a path to a script or install it under"
              + " /usr/local");
    }
  }

  /**
   * Checks that no two of {@code commands} are different script files with one file name (each is
   * copied into one folder by its name).
   *
   * @throws LoopwatchException (usage) naming both scripts
   */
  public static void checkNames(List<String> commands) {
    Map<String, Path> byName = new TreeMap<>();
    for (String command : commands) {
      String trimmed = command.strip();
      String program = unquote(trimmed.substring(0, firstSpace(trimmed)));
      if (!program.contains("/")) {
        continue;
      }
      Path file = Path.of(program).toAbsolutePath().normalize();
      Path earlier = byName.putIfAbsent(file.getFileName().toString(), file);
      try {
        if (earlier != null && !earlier.equals(file) && Files.mismatch(earlier, file) != -1) {
          throw LoopwatchException.userInput(
              "agent scripts "
                  + earlier
                  + " and "
                  + file
                  + " have the same file name; rename one (scripts are copied into one folder by"
                  + " name)");
        }
      } catch (IOException e) {
        throw LoopwatchException.userInput("cannot read agent script " + file + ": " + e);
      }
    }
  }

  private static boolean isShellWord(String program) {
    return List.of("exec", "cd", "set", "export", "true", ":", "for", "while", "if", "{", "(")
        .contains(program);
  }

  private static int firstSpace(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i))) {
        return i;
      }
    }
    return text.length();
  }

  private static String unquote(String word) {
    if (word.length() >= 2
        && (word.startsWith("'") && word.endsWith("'")
            || word.startsWith("\"") && word.endsWith("\""))) {
      return word.substring(1, word.length() - 1);
    }
    return word;
  }
}
