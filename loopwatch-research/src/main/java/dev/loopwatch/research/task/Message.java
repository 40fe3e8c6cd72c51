package dev.loopwatch.research.task;

import static java.util.Objects.requireNonNull;

/**
 * One message of a corpus.
 *
 * @param index its position in the corpus (archive order)
 * @param id the record's id
 * @param group the record's group (e.g. {@code spam-2}, {@code easy-ham-1})
 * @param body the text after the first blank line, cut to the task's maximum
 * @param label 1 for the positive class (spam), 0 otherwise
 */
public record Message(int index, String id, String group, String body, int label) {
  /** Checks the fields. */
  public Message {
    requireNonNull(id, "id is null");
    requireNonNull(group, "group is null");
    requireNonNull(body, "body is null");
    if (label != 0 && label != 1) {
      throw new IllegalArgumentException("label must be 0 or 1: " + label);
    }
  }
}
