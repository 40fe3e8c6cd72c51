package dev.loopwatch.app.judgment;

import dev.loopwatch.app.cli.Json;
import dev.loopwatch.core.detour.Step;
import dev.loopwatch.core.detour.Trigger;
import dev.loopwatch.evals.judgment.Item;
import dev.loopwatch.evals.judgment.ItemsFile;
import dev.loopwatch.evals.judgment.Redactor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code loopwatch judgment check}: validates an items file (a lab's own or one {@code mine}
 * wrote), summarises it and looks for secrets left in it.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check a judgment items file against the schema of docs/JUDGMENT.md and summarise it.",
      "It also looks for secrets left in the texts, since items are sent to model providers."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the file is valid and holds no secret the redaction rules find",
      "1:the file is valid but holds secrets (redact them before sending it anywhere)",
      "2:usage or input error: a missing file, or a bad line (named as file:line and field)",
      "3:internal or external failure"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  loopwatch judgment check items.jsonl",
      "  loopwatch judgment check lab-set.jsonl --json"
    })
public final class JudgmentCheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ITEMS", description = "The items file (JSON Lines).")
  Path file;

  @Option(names = "--json", description = "Print the summary as JSON.")
  boolean json;

  @Option(names = "--verbose", description = "Print stack traces with errors.")
  boolean verbose;

  /**
   * What the file holds, as printed with {@code --json}.
   *
   * @param file the items file
   * @param items items in it
   * @param sessions distinct sessions
   * @param itemsByAgent items per source agent, sorted
   * @param itemsByTrigger items per first trigger as {@code tier:kind} ({@code none} for curated
   *     items without triggers), sorted
   * @param labelledItems items with at least one human label
   * @param labels human labels in all
   * @param contextTokens estimated context tokens of all items
   * @param maxContextTokens the largest estimated context of one item
   * @param secrets secrets the redaction rules find in the texts
   * @param secretsByKind those secrets per kind, sorted
   */
  record Summary(
      String file,
      int items,
      long sessions,
      Map<String, Integer> itemsByAgent,
      Map<String, Integer> itemsByTrigger,
      int labelledItems,
      int labels,
      long contextTokens,
      long maxContextTokens,
      int secrets,
      Map<String, Integer> secretsByKind) {}

  @Override
  public Integer call() {
    List<Item> items = ItemsFile.read(file);
    Map<String, Integer> byAgent = new TreeMap<>();
    Map<String, Integer> byTrigger = new TreeMap<>();
    Map<String, Integer> secrets = new TreeMap<>();
    int labelled = 0;
    int labels = 0;
    long tokens = 0;
    long maxTokens = 0;
    for (Item item : items) {
      byAgent.merge(item.sourceAgent(), 1, Integer::sum);
      String trigger = "none";
      if (!item.triggers().isEmpty()) {
        Trigger first = item.triggers().getFirst();
        trigger = first.tier() + ":" + first.kind();
      }
      byTrigger.merge(trigger, 1, Integer::sum);
      if (!item.labels().isEmpty()) {
        labelled++;
        labels += item.labels().size();
      }
      tokens += item.context().tokens();
      maxTokens = Math.max(maxTokens, item.context().tokens());
      scan(item.humanNextStep(), secrets);
      item.context().steps().forEach(step -> scan(step, secrets));
      item.outcome().steps().forEach(step -> scan(step, secrets));
      item.outcome().summary().ifPresent(text -> scan(text, secrets));
      item.outcome().taskEvidence().ifPresent(text -> scan(text, secrets));
      item.triggers().forEach(t -> scan(t.evidence(), secrets));
    }
    int secretCount = secrets.values().stream().mapToInt(Integer::intValue).sum();
    Summary summary =
        new Summary(
            file.toString(),
            items.size(),
            items.stream().map(Item::sessionId).distinct().count(),
            byAgent,
            byTrigger,
            labelled,
            labels,
            tokens,
            maxTokens,
            secretCount,
            secrets);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(summary, out);
    } else {
      out.println(
          summary.file()
              + ": "
              + summary.items()
              + " items from "
              + summary.sessions()
              + " sessions; context about "
              + summary.contextTokens()
              + " tokens in all, "
              + summary.maxContextTokens()
              + " at most");
      out.println("By agent: " + list(byAgent));
      out.println("By trigger: " + list(byTrigger));
      out.println("Labelled: " + labelled + " items, " + labels + " labels");
      out.println(
          secretCount == 0
              ? "Secrets: none found"
              : "Secrets: " + secretCount + " found (" + list(secrets) + "); redact them first");
      out.flush();
    }
    return secretCount == 0 ? 0 : 1;
  }

  private static void scan(Step step, Map<String, Integer> secrets) {
    scan(step.text(), secrets);
  }

  private static void scan(String text, Map<String, Integer> secrets) {
    Redactor.redact(text)
        .counts()
        .forEach((kind, count) -> secrets.merge(kind, count, Integer::sum));
  }

  private static String list(Map<String, Integer> counts) {
    return counts.entrySet().stream()
        .map(entry -> entry.getKey() + " " + entry.getValue())
        .collect(Collectors.joining(", "));
  }
}
