package dev.loopwatch.git.evidence;

import static java.util.Objects.requireNonNull;

/**
 * Line-level evidence for one file of one commit: which lines (numbered as in the file at that
 * commit) an agent wrote.
 *
 * @param path the file's path at that commit
 * @param lines the AI-written lines
 * @param evidence the finding, with {@link Confidence#STRONG}
 */
public record FileLines(String path, RangeSet lines, Evidence evidence) {
  public FileLines {
    requireNonNull(path, "path is null");
    requireNonNull(lines, "lines is null");
    requireNonNull(evidence, "evidence is null");
  }
}
