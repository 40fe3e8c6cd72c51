package dev.loopwatch.core.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user's account of a DuckDB lock conflict: which process holds the store. DuckDB's own text
 * ("IO Error: Could not set lock on file ...: Conflicting lock is held in /path/bin/java (PID
 * 123)") names the holder's PID; its command line comes from {@code /proc/PID/cmdline} when
 * readable.
 */
final class StoreLock {
  private static final Pattern PID = Pattern.compile("\\(PID (\\d+)\\)");

  /** JVM options that take the next argument as their value. */
  private static final Set<String> JVM_OPTIONS_WITH_VALUE =
      Set.of("-cp", "-classpath", "--class-path", "-p", "--module-path", "--add-opens");

  private StoreLock() {}

  /** Whether {@code message} is DuckDB's lock-conflict error. */
  static boolean isConflict(String message) {
    return message.contains("Could not set lock") || message.contains("Conflicting lock");
  }

  /** The holder's PID in DuckDB's message, if it names one. */
  static OptionalLong holder(String message) {
    Matcher matcher = PID.matcher(message);
    return matcher.find()
        ? OptionalLong.of(Long.parseLong(matcher.group(1)))
        : OptionalLong.empty();
  }

  /** One line saying who holds {@code store}, from DuckDB's {@code message}. */
  static String describe(Path store, String message) {
    OptionalLong pid = holder(message);
    if (pid.isEmpty()) {
      return "the store "
          + store
          + " is in use by another process; wait for it or use another --db";
    }
    String command =
        commandLine(Path.of("/proc", Long.toString(pid.getAsLong()), "cmdline"))
            .map(c -> " (" + c + ")")
            .orElse("");
    return "the store "
        + store
        + " is in use by process "
        + pid.getAsLong()
        + command
        + "; wait for it or use another --db";
  }

  /** A short form of the command line in a {@code /proc/PID/cmdline} file, if readable. */
  static Optional<String> commandLine(Path cmdline) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(cmdline);
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
    List<String> words = new ArrayList<>();
    for (String word : new String(bytes, StandardCharsets.UTF_8).split("\0")) {
      if (!word.isEmpty()) {
        words.add(word);
      }
    }
    return words.isEmpty() ? Optional.empty() : Optional.of(shorten(words));
  }

  /**
   * {@code loopwatch ARGS} for a Loopwatch JVM, {@code java MAIN ARGS} for another JVM (its options
   * and class path dropped), else the command as is, cut at 120 characters.
   */
  static String shorten(List<String> words) {
    List<String> kept = new ArrayList<>(words);
    if (Path.of(words.get(0)).getFileName().toString().equals("java")) {
      int i = 1;
      while (i < words.size() && words.get(i).startsWith("-") && !words.get(i).equals("-jar")) {
        i += JVM_OPTIONS_WITH_VALUE.contains(words.get(i)) ? 2 : 1;
      }
      String main = "";
      if (i + 1 < words.size() && words.get(i).equals("-jar")) {
        main = Path.of(words.get(i + 1)).getFileName().toString();
        i += 2;
      } else if (i < words.size()) {
        main = words.get(i);
        i++;
      }
      boolean loopwatch = main.equals("dev.loopwatch.app.Main") || main.equals("loopwatch.jar");
      kept = new ArrayList<>();
      kept.add(loopwatch ? "loopwatch" : "java " + main);
      kept.addAll(words.subList(Math.min(i, words.size()), words.size()));
    }
    String joined = String.join(" ", kept);
    return joined.length() <= 120 ? joined : joined.substring(0, 117) + "...";
  }
}
