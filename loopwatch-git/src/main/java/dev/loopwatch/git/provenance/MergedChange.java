package dev.loopwatch.git.provenance;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.git.identity.Identity;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One change merged into the branch: a commit on its first-parent chain. A merge commit's files are
 * its diff against the first parent; each file's AI lines come from claims of the merge and of the
 * commits it brought in, each commit's change-level evidence covering only the lines that commit
 * added (see {@code ProvenanceMiner#credit}).
 *
 * @param sha commit id
 * @param sequence position on the chain, 0 for the oldest scanned
 * @param merge whether it is a merge commit
 * @param subject first line of its message
 * @param authoredAt author date
 * @param committedAt commit date (when it landed)
 * @param author its author, classified
 * @param engineer the human credited with it, if any
 * @param sideCommits how many commits it brought in besides itself
 * @param bot whether automation made it (bot author, or a merge of only bot commits)
 * @param ignoredRevision whether .git-blame-ignore-revs lists it
 * @param files its files
 * @param credits which evidence counted its AI lines
 */
public record MergedChange(
    String sha,
    int sequence,
    boolean merge,
    String subject,
    Instant authoredAt,
    Instant committedAt,
    Identity author,
    Optional<Identity> engineer,
    int sideCommits,
    boolean bot,
    boolean ignoredRevision,
    List<FileChange> files,
    List<AiCredit> credits) {
  public MergedChange {
    requireNonNull(sha, "sha is null");
    requireNonNull(subject, "subject is null");
    requireNonNull(authoredAt, "authoredAt is null");
    requireNonNull(committedAt, "committedAt is null");
    requireNonNull(author, "author is null");
    requireNonNull(engineer, "engineer is null");
    files = List.copyOf(files);
    credits = List.copyOf(credits);
  }
}
