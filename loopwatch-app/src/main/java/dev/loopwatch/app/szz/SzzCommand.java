package dev.loopwatch.app.szz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.repo.ScanWarning;
import dev.loopwatch.git.szz.FixLink;
import dev.loopwatch.git.szz.FixLinks;
import dev.loopwatch.git.szz.FixRequest;
import dev.loopwatch.git.szz.Szz;
import dev.loopwatch.git.szz.SzzOptions;
import dev.loopwatch.git.szz.SzzResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code loopwatch szz}: finds the commits that introduced the bugs fixed by given commits (SZZ),
 * or lists the fix-to-cause links stated in history.
 *
 * <p>Input is fix ids ({@code --fix}) or a PySZZ input file ({@code --fixes-file}: a JSON list of
 * {@code {repo_name, fix_commit_hash, earliest_issue_date?}}, optionally with {@code
 * declared_inducing_commit_hash}); {@code --json} prints each input record with {@code
 * inducing_commit_hash} added, as PySZZ does, plus an {@code szz} object with the candidates,
 * confidences, pick, buggy lines and filter counts.
 */
@Command(
    name = "szz",
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "2:usage or input error", "3:internal or external failure"},
    description =
        "Find the commits that introduced the bugs fixed by the given commits (SZZ), or list fix links.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch szz ~/src/service --fix 1a2b3c4 --fix 5d6e7f8      # B-SZZ with filters, R-SZZ pick",
      "  loopwatch szz ~/src/service --fixes-file fixes.json --json   # PySZZ-compatible input and output",
      "  loopwatch szz ~/src/service --mine                           # fix links from trailers and reverts"
    })
public final class SzzCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "REPO",
      arity = "0..1",
      description = "The repository (work tree or bare).")
  Path repo;

  /** The old spelling of {@code --repo PATH}: the repository, as REPO is. */
  @Option(names = "--repo", hidden = true, paramLabel = "PATH")
  void repo(Path path) {
    repo = path;
  }

  @Option(names = "--fix", paramLabel = "SHA", arity = "1..*", description = "Fix commits.")
  List<String> fixes = new ArrayList<>();

  @Option(
      names = "--fixes-file",
      paramLabel = "FILE",
      description =
          "PySZZ input: a JSON list of {repo_name, fix_commit_hash, earliest_issue_date?}.")
  Path fixesFile;

  @Option(
      names = "--mine",
      description = "List the fix -> cause links stated in history (Fixes: lines, reverts).")
  boolean mine;

  @Option(
      names = "--since-issue-date",
      description = "Drop candidates committed after each record's earliest_issue_date.")
  boolean sinceIssueDate;

  @Option(
      names = "--ignore-whitespace",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Diff and blame with -w (default: on).")
  boolean ignoreWhitespace;

  @Option(
      names = "--skip-comments",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Skip deleted comment and blank lines (default: on).")
  boolean skipComments;

  @Option(
      names = "--skip-meta-changes",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Blame with -M -C and re-blame past merge commits (default: on).")
  boolean skipMetaChanges;

  @Option(
      names = "--ignore-revs",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Re-blame past commits in .git-blame-ignore-revs (default: on).")
  boolean ignoreRevs;

  @Option(
      names = "--max-files",
      paramLabel = "N",
      defaultValue = "20",
      description = "Re-blame past candidates touching more than N files; 0 = off (default: 20).")
  int maxFiles;

  @Option(
      names = "--pick",
      paramLabel = "all|recent",
      defaultValue = "all",
      description =
          "inducing_commit_hash lists all remaining candidates (B/AG/MA-SZZ) or only the most"
              + " recent (R-SZZ) (default: all).")
  String pick;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      description = "Fixes analysed at once (default: the number of cores).")
  Integer parallel;

  /** The old spelling of {@code --parallelism}, kept hidden for one release. */
  @Option(names = "--parallel", hidden = true, paramLabel = "N")
  void parallel(int n) {
    parallel = n;
  }

  @Option(names = "--json", description = "Print PySZZ-compatible JSON.")
  boolean json;

  @Option(names = "--verbose", description = "Print stack traces with errors.")
  boolean verbose;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (repo == null) {
      throw LoopwatchException.userInput("give the repository: loopwatch szz REPO");
    }
    Git git = Git.open(repo);
    if (mine) {
      FixLinks.Result links = FixLinks.mine(git, "HEAD");
      printWarnings(links.warnings());
      printLinks(links.links(), out);
      return 0;
    }
    if (!pick.equals("all") && !pick.equals("recent")) {
      throw LoopwatchException.userInput("--pick must be all or recent, not '" + pick + "'");
    }
    if (maxFiles < 0) {
      throw LoopwatchException.userInput("--max-files must be 0 or more, not " + maxFiles);
    }
    if (parallel != null && parallel < 1) {
      throw LoopwatchException.userInput("--parallelism must be at least 1, not " + parallel);
    }
    List<ObjectNode> records = new ArrayList<>();
    if (fixesFile != null) {
      records.addAll(recordsForThisRepository(readFixesFile(fixesFile), git));
    }
    for (String fix : fixes) {
      ObjectNode record = JsonNodeFactory.instance.objectNode();
      Path name = git.topLevel().getFileName();
      record.put("repo_name", name == null ? git.topLevel().toString() : name.toString());
      record.put("fix_commit_hash", fix);
      records.add(record);
    }
    if (records.isEmpty()) {
      throw LoopwatchException.userInput(
          "nothing to analyse: give --fix SHA..., --fixes-file FILE or --mine");
    }
    List<FixRequest> requests = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      requests.add(request(records.get(i), i));
    }
    SzzOptions options =
        new SzzOptions(
            ignoreWhitespace,
            skipComments,
            skipMetaChanges,
            maxFiles == 0 ? OptionalInt.empty() : OptionalInt.of(maxFiles),
            ignoreRevs,
            sinceIssueDate,
            parallel == null ? Runtime.getRuntime().availableProcessors() : parallel);
    List<SzzResult> results = new Szz(git, options).analyzeAll(requests);
    warnAboutMergeFixes(results);
    if (json) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < results.size(); i++) {
        array.add(SzzJson.record(records.get(i), results.get(i), pick.equals("recent")));
      }
      Json.print(array, out);
    } else {
      SzzTable.print(results, out);
    }
    return 0;
  }

  /**
   * The records whose {@code repo_name} names {@code git}'s repository ({@link RepoNames}) or is
   * absent; the others are skipped with one note on stderr. Every record is checked first, so a
   * broken record is reported whichever repository it names.
   */
  private List<ObjectNode> recordsForThisRepository(List<ObjectNode> all, Git git) {
    for (int i = 0; i < all.size(); i++) {
      request(all.get(i), i);
    }
    RepoNames names = RepoNames.of(git);
    List<ObjectNode> kept = new ArrayList<>();
    java.util.Set<String> others = new java.util.TreeSet<>();
    for (ObjectNode record : all) {
      JsonNode name = record.get("repo_name");
      if (name == null || name.isNull() || names.matches(name.asText())) {
        kept.add(record);
      } else {
        others.add(name.asText());
      }
    }
    int skipped = all.size() - kept.size();
    if (skipped > 0) {
      PrintWriter err = spec.commandLine().getErr();
      List<String> shown = others.stream().limit(3).toList();
      err.printf(
          Locale.ROOT,
          "loopwatch: skipped %d of %d records of %s: repo_name is another repository (%s%s)%n",
          skipped,
          all.size(),
          fixesFile,
          String.join(", ", shown),
          others.size() > shown.size() ? ", ..." : "");
      err.flush();
      if (kept.isEmpty()) {
        throw LoopwatchException.userInput(
            fixesFile
                + ": no record's repo_name names this repository (its names: "
                + String.join(", ", names.names())
                + ")");
      }
    }
    return kept;
  }

  /** Warns once per merge commit given as a fix: it was diffed against its first parent. */
  private void warnAboutMergeFixes(List<SzzResult> results) {
    PrintWriter err = spec.commandLine().getErr();
    java.util.Set<String> warned = new java.util.TreeSet<>();
    for (SzzResult result : results) {
      if (result.mergeFirstParent().isPresent() && warned.add(result.fix())) {
        err.println("loopwatch: warning: " + mergeWarning(result));
      }
    }
    err.flush();
  }

  /** The warning for a merge commit given as a fix. */
  static String mergeWarning(SzzResult result) {
    return "fix "
        + result.fix()
        + " is a merge commit; it was analysed against its first parent "
        + result.mergeFirstParent().orElseThrow()
        + ", so everything its merged branch changed counts as the fix";
  }

  private FixRequest request(ObjectNode record, int index) {
    String where = fixesFile == null ? "--fix" : fixesFile + " record " + (index + 1);
    JsonNode fix = record.get("fix_commit_hash");
    if (fix == null || !fix.isTextual() || fix.asText().isBlank()) {
      throw LoopwatchException.userInput(where + ": fix_commit_hash is missing or not a string");
    }
    Optional<Instant> issueDate = Optional.empty();
    JsonNode date = record.get("earliest_issue_date");
    if (date != null && !date.isNull()) {
      issueDate = Optional.of(parseDate(where, date.asText()));
    }
    List<String> declared = new ArrayList<>();
    JsonNode declaredNode = record.get("declared_inducing_commit_hash");
    if (declaredNode != null && !declaredNode.isNull()) {
      if (!declaredNode.isArray()) {
        throw LoopwatchException.userInput(
            where + ": declared_inducing_commit_hash must be a list of commit ids");
      }
      declaredNode.forEach(node -> declared.add(node.asText()));
    }
    return new FixRequest(fix.asText().strip(), issueDate, declared);
  }

  private static Instant parseDate(String where, String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notOffset) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notLocal) {
        try {
          return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notDate) {
          throw LoopwatchException.userInput(
              where + ": earliest_issue_date '" + text + "' is not an ISO-8601 date or time");
        }
      }
    }
  }

  private static List<ObjectNode> readFixesFile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw LoopwatchException.userInput(file + ": cannot read: " + e.getMessage());
    }
    JsonNode root;
    try {
      root = Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw LoopwatchException.userInput(
          file
              + ":"
              + e.getLocation().getLineNr()
              + ": not valid JSON: "
              + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isArray()) {
      throw LoopwatchException.userInput(file + ": expected a JSON list of fix records");
    }
    List<ObjectNode> records = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      if (!(root.get(i) instanceof ObjectNode record)) {
        throw LoopwatchException.userInput(file + " record " + (i + 1) + ": not a JSON object");
      }
      records.add(record.deepCopy());
    }
    return records;
  }

  private void printWarnings(List<ScanWarning> warnings) {
    PrintWriter err = spec.commandLine().getErr();
    for (ScanWarning warning : warnings) {
      err.println("loopwatch: warning: " + warning.message());
    }
    err.flush();
  }

  private void printLinks(List<FixLink> links, PrintWriter out) {
    if (json) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      for (FixLink link : links) {
        ObjectNode node = array.addObject();
        node.put("fix", link.fix());
        node.put("cause", link.cause());
        node.put("how", link.how().label());
      }
      Json.print(array, out);
      return;
    }
    out.printf(Locale.ROOT, "%-12s  %-12s  %s%n", "FIX", "CAUSE", "HOW");
    for (FixLink link : links) {
      out.printf(
          Locale.ROOT,
          "%-12s  %-12s  %s%n",
          SzzTable.abbreviate(link.fix()),
          SzzTable.abbreviate(link.cause()),
          link.how().label());
    }
    out.printf(Locale.ROOT, "%d links%n", links.size());
    out.flush();
  }
}
