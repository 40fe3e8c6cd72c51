package dev.loopwatch.git.szz;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One fix to trace back to the change that introduced its bug.
 *
 * @param fix the fix commit (full or abbreviated id, or any revision)
 * @param issueDate when the bug was first reported or the incident started, if known
 * @param declared commits someone declared as the bug's cause; they override SZZ
 */
public record FixRequest(String fix, Optional<Instant> issueDate, List<String> declared) {
  public FixRequest {
    requireNonNull(fix, "fix is null");
    requireNonNull(issueDate, "issueDate is null");
    declared = List.copyOf(requireNonNull(declared, "declared is null"));
  }

  /** A fix with no issue date and no declared cause. */
  public static FixRequest of(String fix) {
    return new FixRequest(fix, Optional.empty(), List.of());
  }
}
