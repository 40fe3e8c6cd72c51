package dev.loopwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command-line conventions every command and subcommand obeys (COMMON.md "One command line",
 * issue #13), checked on every command reachable from {@link Main#commandLine()}. A new command
 * passes when:
 *
 * <ol>
 *   <li>every help line is at most {@link Main#HELP_WIDTH} columns;
 *   <li>its summary (the first description line, or {@code header}) is one whole sentence: it ends
 *       with '.' or '?', and the description holds no "Example" (examples go in the footer);
 *   <li>{@code exitCodeListHeading = "%nExit codes:%n"} with at least the codes 0, 2 and 3;
 *   <li>{@code footerHeading = "%nExamples:%n"} with at least two lines {@code " loopwatch
 *       <command> ..."}, each at most {@link Main#HELP_WIDTH} characters (picocli wraps longer ones
 *       mid-command), that parse with the real command line up to a shell operator such as {@code
 *       >} or {@code &&} (an optional {@code " # comment"} after two spaces is ignored);
 *   <li>every option name is in {@link #NAMES}: the name the help shows for its concept, or a known
 *       alias, which must be {@code hidden = true};
 *   <li>every command that does something (not a group) has {@code --verbose}; every one that
 *       prints results has {@code --json} (or is in {@link #PRINTS_NO_RESULTS} with the reason);
 *       every one in {@link #USES_STORE}, or with {@code --no-store}, has {@code --db}.
 * </ol>
 *
 * <p>All violations are collected and reported at once, each naming the command and what to fix.
 */
class CommandLineConventionsTest {
  /** An option name: the concept it stands for and, when it is an old spelling, the name to use. */
  private record Name(String concept, String useInstead) {
    boolean alias() {
      return !useInstead.isEmpty();
    }
  }

  /**
   * Every option name a command may use, in one table: a concept has one name. Before adding a name
   * for a new command, look here for one that already means the same thing.
   */
  private static final Map<String, Name> NAMES = names();

  private static Map<String, Name> names() {
    Map<String, Name> names = new TreeMap<>();
    // Shared by all commands: COMMON.md "One command line".
    shown(names, "the store, a DuckDB file", "--db");
    alias(names, "--store", "--db");
    shown(names, "do not save the run", "--no-store");
    shown(names, "print JSON on stdout instead of text", "--json");
    shown(names, "print CSV on stdout instead of text", "--csv");
    shown(names, "also write a self-contained HTML page", "--html");
    alias(names, "--report", "--html");
    shown(names, "a produced artifact file (key, proof, report)", "--out");
    shown(names, "stack traces with errors", "--verbose");
    shown(names, "random seed", "--seed");
    shown(names, "bootstrap resamples", "--bootstrap");
    shown(names, "a phases.toml ladder definition", "--phases");
    shown(names, "each engineer's adoption stage beside the org's", "--per-person");
    shown(names, "each team's phase beside the org's", "--per-team");
    shown(names, "worker threads or git processes", "--parallelism");
    alias(names, "--threads", "--parallelism");
    alias(names, "--parallel", "--parallelism");
    shown(names, "a loopwatch.toml", "--config");
    shown(names, "the start of a date range (on or after)", "--since");
    shown(names, "the end of a date range (before)", "--until");
    alias(names, "--after", "--since");
    alias(names, "--before", "--until");
    shown(names, "a repository where another input is the main one (retro) or a filter", "--repo");
    shown(names, "help", "-h", "--help", "-V", "--version");
    // provenance: scan, provenance, report.
    shown(
        names,
        "provenance settings",
        "--branch",
        "--exclude",
        "--blame",
        "--sessions",
        "--session-window",
        "--granularity",
        "--baseline",
        "--current",
        "--outlier-percentile",
        "--outlier-min-changes",
        "--outlier-max-lines",
        "--coverage-window",
        "--coverage-min-evidence",
        "--coverage-quiet-changes",
        "--baseline-all-repositories",
        "--by-repository",
        "--range",
        "--format");
    // sessions.
    shown(names, "sessions", "--agent", "--explain");
    // szz.
    shown(
        names,
        "szz",
        "--fix",
        "--fixes-file",
        "--mine",
        "--since-issue-date",
        "--ignore-whitespace",
        "--skip-comments",
        "--skip-meta-changes",
        "--ignore-revs",
        "--max-files",
        "--pick");
    // retro.
    shown(
        names,
        "retro",
        "--reviewer",
        "--reviewer-name",
        "--judge",
        "--window",
        "--controls",
        "--timeout",
        "--from-history",
        "--incident-issues");
    // horizon and trend.
    shown(
        names,
        "time horizons and trends",
        "--release-dates",
        "--regularization",
        "--exclude-source",
        "--success",
        "--weighting",
        "--file-weights",
        "--continuous-scores",
        "--score-column",
        "--include-rising",
        "--breakpoint",
        "--search-breakpoint",
        "--log",
        "--discontinuous",
        "--group",
        "--min-segment",
        "--target",
        "--unit");
    shown(names, "horizon from Inspect logs", "--minutes-field", "--scorer", "--success-threshold");
    // ledger.
    shown(
        names,
        "ledger",
        "--origin",
        "--name",
        "--key",
        "--entry",
        "--log-key",
        "--witness-policy",
        "--port",
        "--token-file",
        "--quorum-wait",
        "--partial-grace",
        "--logs",
        "--policy",
        "--state",
        "--full",
        "--no-entry-signatures",
        "--now",
        "--proofs",
        "--snapshots");
    // ladder attest.
    shown(names, "ladder attest", "--month");
    // speedup.
    shown(
        names,
        "speedup",
        "--pairs",
        "--unsafe-no-sandbox",
        "--practice",
        "--no-reference",
        "--score-log",
        "--budget",
        "--model",
        "--agent-network");
    // research.
    shown(
        names,
        "research run",
        "--agents",
        "--directions",
        "--max-wall",
        "--max-cpu",
        "--agent-max-wall",
        "--agent-max-cpu",
        "--agent-max-cost",
        "--agent-max-tokens",
        "--agent-max-submissions",
        "--restarts",
        "--memory-mb");
    shown(names, "research report", "--human-pgr", "--human-source");
    shown(names, "statements appended to a transparency log (research, ladder attest)", "--ledger");
    // models: budgets are shared by every command that calls models.
    shown(names, "model budget", "--max-cost", "--max-calls");
    shown(names, "models check", "--prompt", "--max-tokens");
    // index.
    shown(
        names, "capability index", "--anchor-benchmark", "--anchor", "--min-benchmarks", "--trend");
    // judgment.
    shown(names, "judgment item budgets", "--max-context-tokens", "--max-outcome-tokens");
    shown(names, "judgment run", "--candidate", "--dry-run", "--inspect-log");
    // scan at organisation scale.
    shown(names, "repositories at scale", "--repos-file", "--jobs", "--shard");
    // serve (--port and --token-file as the ledger server has them).
    shown(names, "dashboard server", "--bind", "--scan", "--every");
    return names;
  }

  /** Commands that print no results (so need no --json), and why. */
  private static final Map<String, String> PRINTS_NO_RESULTS =
      Map.of(
          "loopwatch ledger init", "prints the new log's verifier key, itself the result",
          "loopwatch ledger keygen", "prints the new verifier key, itself the result",
          "loopwatch ledger witness init", "prints the new witness's verifier key",
          "loopwatch ledger sign", "writes the signed statement to --out",
          "loopwatch ledger prove", "writes the proof to --out",
          "loopwatch ledger equivocation prove", "writes the proof to --out",
          "loopwatch ledger serve", "a server",
          "loopwatch ledger witness serve", "a server",
          "loopwatch serve", "a server; its results are the dashboard and the API");

  /** Commands that read or write the store (so need --db). */
  private static final Set<String> USES_STORE =
      Set.of(
          "loopwatch scan",
          "loopwatch report",
          "loopwatch retro",
          "loopwatch speedup grade",
          "loopwatch speedup attempt",
          "loopwatch speedup history",
          "loopwatch ladder",
          "loopwatch ladder attest",
          "loopwatch research finalize",
          "loopwatch serve",
          "loopwatch export",
          "loopwatch import");

  private static void shown(Map<String, Name> names, String concept, String... shown) {
    for (String name : shown) {
      if (names.put(name, new Name(concept, "")) != null) {
        throw new IllegalStateException(name + " is in the table twice");
      }
    }
  }

  private static void alias(Map<String, Name> names, String alias, String useInstead) {
    names.put(alias, new Name("old spelling", useInstead));
  }

  @Test
  void everyCommand_followsTheCommandLineConventions() {
    Map<String, List<String>> problems = new LinkedHashMap<>();
    walk(Main.commandLine(), problems);
    StringBuilder report = new StringBuilder();
    problems.forEach((command, list) -> {
      if (!list.isEmpty()) {
        report.append(command).append(":\n");
        list.forEach(p -> report.append("  - ").append(p).append('\n'));
      }
    });
    assertThat(report.toString())
        .as("conventions (see the Javadoc of CommandLineConventionsTest)")
        .isEmpty();
  }

  @Test
  void everyOldSpelling_setsTheOptionItStandsFor() {
    List<String> checked = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    checkAliases(Main.commandLine(), checked, wrong);
    assertThat(wrong).isEmpty();
    assertThat(checked)
        .contains(
            "loopwatch retro --store",
            "loopwatch retro --report",
            "loopwatch speedup history --store",
            "loopwatch szz --parallel",
            "loopwatch ledger audit --threads",
            "loopwatch horizon --after",
            "loopwatch horizon --before",
            "loopwatch trend --report");
  }

  private static void checkAliases(CommandLine command, List<String> checked, List<String> wrong) {
    CommandSpec spec = command.getCommandSpec();
    for (OptionSpec option : spec.options()) {
      Name name = NAMES.get(option.longestName());
      if (!option.hidden() || name == null || !name.alias()) {
        continue;
      }
      OptionSpec canonical = spec.findOption(name.useInstead());
      Object value = sample(option.type());
      if (canonical == null || value == null || option.type() == boolean.class) {
        continue; // a flag standing for an option with a value is tested by its command
      }
      String label = spec.qualifiedName() + " " + option.longestName();
      option.setValue(value);
      Object got = canonical.getValue();
      if (got instanceof java.util.Optional<?> optional) {
        got = optional.orElse(null);
      }
      if (!value.equals(got)) {
        wrong.add(label + " set " + value + " but " + canonical.longestName() + " is " + got);
      }
      checked.add(label);
    }
    command.getSubcommands().values().forEach(c -> checkAliases(c, checked, wrong));
  }

  private static Object sample(Class<?> type) {
    if (type == java.nio.file.Path.class) {
      return java.nio.file.Path.of("sample.file");
    }
    if (type == int.class || type == Integer.class) {
      return 3;
    }
    if (type == String.class) {
      return "2024-01-01";
    }
    return null;
  }

  @Test
  void walk_reachesEveryCommand() {
    List<String> seen = new ArrayList<>();
    collect(Main.commandLine(), seen);
    assertThat(seen)
        .contains("loopwatch", "loopwatch ledger witness serve", "loopwatch speedup grade");
    assertThat(seen).hasSizeGreaterThan(25);
  }

  private static void collect(CommandLine command, List<String> seen) {
    seen.add(command.getCommandSpec().qualifiedName());
    command.getSubcommands().values().forEach(c -> collect(c, seen));
  }

  private static void walk(CommandLine command, Map<String, List<String>> problems) {
    CommandSpec spec = command.getCommandSpec();
    String name = spec.qualifiedName();
    List<String> found = new ArrayList<>();
    problems.put(name, found);
    checkHelp(command, found);
    checkExamples(spec, found);
    checkOptions(spec, found);
    command.getSubcommands().values().forEach(c -> walk(c, problems));
  }

  private static void checkHelp(CommandLine command, List<String> found) {
    CommandSpec spec = command.getCommandSpec();
    for (String line : command.getUsageMessage().lines().toList()) {
      if (line.length() > Main.HELP_WIDTH) {
        found.add(
            "help line of "
                + line.length()
                + " columns (at most "
                + Main.HELP_WIDTH
                + "; split the description or example): "
                + line.strip());
      }
    }
    String[] header = spec.usageMessage().header();
    String[] description = spec.usageMessage().description();
    String summary = header.length > 0 ? header[0] : description.length > 0 ? description[0] : "";
    if (!summary.strip().endsWith(".") && !summary.strip().endsWith("?")) {
      found.add(
          "summary (the first description line, shown in the parent's command list) is not one"
              + " whole sentence ending with '.' or '?': \""
              + summary
              + "\"; make description[0] a short complete sentence");
    }
    for (String line : description) {
      if (line.contains("Example")) {
        found.add("description holds an example; move it to footer (Examples:): " + line);
      }
    }
    if (!"%nExit codes:%n".equals(spec.usageMessage().exitCodeListHeading())) {
      found.add("exitCodeListHeading is not \"%nExit codes:%n\"");
    }
    Set<String> codes = spec.usageMessage().exitCodeList().keySet();
    for (String code : List.of("0", "2", "3")) {
      if (codes.stream().noneMatch(c -> c.strip().equals(code))) {
        found.add(
            "exitCodeList lacks code "
                + code
                + " (0 ok, 1 violations found, 2 usage or input error, 3 internal or external"
                + " failure)");
      }
    }
  }

  private static void checkExamples(CommandSpec spec, List<String> found) {
    String name = spec.qualifiedName();
    if (!"%nExamples:%n".equals(spec.usageMessage().footerHeading())) {
      found.add("footerHeading is not \"%nExamples:%n\"");
    }
    int examples = 0;
    for (String line : spec.usageMessage().footer()) {
      if (line.length() > Main.HELP_WIDTH) {
        found.add(
            "footer line of "
                + line.length()
                + " characters: picocli wraps it, splitting the example; keep it at most "
                + Main.HELP_WIDTH
                + ": "
                + line.strip());
      }
      if (!line.startsWith("  loopwatch")) {
        continue;
      }
      String command = line.contains("  #") ? line.substring(0, line.indexOf("  #", 2)) : line;
      List<String> words = words(command.strip());
      if (!String.join(" ", words).startsWith(name)) {
        found.add("example is not of this command: " + line.strip());
        continue;
      }
      try {
        Main.commandLine().parseArgs(words.subList(1, words.size()).toArray(String[]::new));
        examples++;
      } catch (CommandLine.ParameterException e) {
        found.add("example does not parse (" + e.getMessage() + "): " + line.strip());
      }
    }
    if (examples < 2) {
      found.add(
          "footer has "
              + examples
              + " example lines; give 2+ real ones, each \"  "
              + name
              + " ...\" (two spaces, then the command as typed)");
    }
  }

  private static void checkOptions(CommandSpec spec, List<String> found) {
    String name = spec.qualifiedName();
    boolean group = !spec.subcommands().isEmpty();
    for (OptionSpec option : spec.options()) {
      for (String optionName : option.names()) {
        Name known = NAMES.get(optionName);
        if (known == null) {
          found.add(
              optionName
                  + " is not in CommandLineConventionsTest.NAMES; use the existing name for the"
                  + " concept if there is one (--db, --json, --html, --out, --parallelism, ...),"
                  + " else add it there");
        } else if (known.alias() && !option.hidden()) {
          found.add(
              optionName
                  + " is an old spelling of "
                  + known.useInstead()
                  + ": show "
                  + known.useInstead()
                  + " and keep "
                  + optionName
                  + " as a separate option with hidden = true");
        } else if (known.alias() && spec.findOption(known.useInstead()) == null) {
          found.add(optionName + " is hidden but " + known.useInstead() + " is missing");
        }
      }
    }
    if (group) {
      return;
    }
    if (spec.findOption("--verbose") == null) {
      found.add("no --verbose (add the StoreOptions or VerboseOption mixin)");
    }
    if (spec.findOption("--json") == null && !PRINTS_NO_RESULTS.containsKey(name)) {
      found.add(
          "no --json: add the flag (JSON on stdout instead of text), or, if the command prints no"
              + " results, list it in CommandLineConventionsTest.PRINTS_NO_RESULTS with why");
    }
    boolean store = USES_STORE.contains(name) || spec.findOption("--no-store") != null;
    if (store && spec.findOption("--db") == null) {
      found.add("uses the store but has no --db (add the StoreOptions mixin)");
    }
  }

  /** Shell operators that end the loopwatch command in an example line. */
  private static final Set<String> SHELL_OPERATORS = Set.of(">", ">>", "|", "&&", "&", ";", "2>");

  /**
   * Splits an example like a shell, up to the first shell operator: whitespace, with '...' and
   * "..." quoting.
   */
  static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    boolean inWord = false;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          if (SHELL_OPERATORS.contains(word.toString())) {
            return words;
          }
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord && !SHELL_OPERATORS.contains(word.toString())) {
      words.add(word.toString());
    }
    return words;
  }
}
