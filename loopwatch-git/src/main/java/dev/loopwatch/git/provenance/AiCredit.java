package dev.loopwatch.git.provenance;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.git.evidence.Evidence;

/**
 * AI lines of one file of a merged change, credited to the evidence that counted them.
 *
 * @param path the file
 * @param sourceSha the commit that carries the evidence (the change itself or a commit it merged)
 * @param evidence the evidence
 * @param lines lines credited
 */
public record AiCredit(String path, String sourceSha, Evidence evidence, int lines) {
  public AiCredit {
    requireNonNull(path, "path is null");
    requireNonNull(sourceSha, "sourceSha is null");
    requireNonNull(evidence, "evidence is null");
  }
}
