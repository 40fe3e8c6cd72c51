package dev.loopwatch.git.szz;

import static java.util.Objects.requireNonNull;

/**
 * A fix-to-cause link stated in a commit message.
 *
 * @param fix the full id of the commit whose message states the link
 * @param cause the full id of the commit it names as the cause
 * @param how which statement gave the link
 */
public record FixLink(String fix, String cause, How how) {
  public FixLink {
    requireNonNull(fix, "fix is null");
    requireNonNull(cause, "cause is null");
    requireNonNull(how, "how is null");
  }

  /** The kinds of statement that link a fix to its cause. */
  public enum How {
    /** A {@code Fixes: <sha>} line (the Linux kernel convention). */
    FIXES_TRAILER,
    /** A {@code This reverts commit <sha>} line written by {@code git revert}. */
    REVERT;

    /** The name used in output, e.g. {@code fixes-trailer}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }
}
