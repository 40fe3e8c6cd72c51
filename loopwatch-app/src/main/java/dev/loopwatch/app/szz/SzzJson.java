package dev.loopwatch.app.szz;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.git.szz.SzzResult;

/**
 * The PySZZ-compatible output record: the input record, {@code inducing_commit_hash}, and an {@code
 * szz} object with everything else.
 */
final class SzzJson {
  private SzzJson() {}

  /** {@code input} with the result added; {@code recentOnly} keeps only the R-SZZ pick. */
  static ObjectNode record(ObjectNode input, SzzResult result, boolean recentOnly) {
    ObjectNode record = input.deepCopy();
    ArrayNode inducing = record.putArray("inducing_commit_hash");
    if (recentOnly || result.status() == SzzResult.Status.DECLARED) {
      if (result.status() == SzzResult.Status.DECLARED) {
        result.introducing().forEach(inducing::add);
      } else {
        result.pick().ifPresent(inducing::add);
      }
    } else {
      result.introducing().forEach(inducing::add);
    }
    ObjectNode szz = record.putObject("szz");
    szz.put("fix", result.fix());
    szz.put("status", result.status().label());
    szz.put("detail", result.detail());
    szz.put("fix_is_merge", result.mergeFirstParent().isPresent());
    szz.put("merge_first_parent", result.mergeFirstParent().orElse(null));
    if (result.pick().isPresent()) {
      szz.put("pick", result.pick().get());
    } else {
      szz.putNull("pick");
    }
    ArrayNode candidates = szz.putArray("candidates");
    for (SzzResult.Candidate candidate : result.candidates()) {
      ObjectNode node = candidates.addObject();
      node.put("commit", candidate.commit());
      node.put("committed_at", candidate.committedAt().toString());
      node.put("confidence", candidate.confidence());
      node.put("declared", candidate.declared());
      node.put("lines", candidate.lines().size());
    }
    ArrayNode buggy = szz.putArray("buggy_lines");
    for (SzzResult.LineRef line : result.buggyLines()) {
      buggy.addObject().put("path", line.path()).put("line", line.line());
    }
    ArrayNode filters = szz.putArray("filters");
    for (SzzResult.FilterCount count : result.filters()) {
      filters
          .addObject()
          .put("filter", count.filter().label())
          .put("enabled", count.enabled())
          .put("dropped", count.dropped())
          .put("unit", count.filter().unit());
    }
    return record;
  }
}
