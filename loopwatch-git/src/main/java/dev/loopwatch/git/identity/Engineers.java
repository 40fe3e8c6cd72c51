package dev.loopwatch.git.identity;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.git.log.CommitInfo;
import java.util.Optional;

/** Who gets the credit for a change: the human engineer behind a first-parent commit. */
public final class Engineers {
  private Engineers() {}

  /**
   * The human engineer credited with {@code commit}: the author if human; else the first human
   * {@code Co-authored-by} trailer; else the committer if human and not a forge's web-flow
   * identity; else empty (a bot's or an agent's change nobody co-signed).
   */
  public static Optional<Identity> creditedHuman(CommitInfo commit, IdentityTable table) {
    requireNonNull(commit, "commit is null");
    requireNonNull(table, "table is null");
    Identity author = table.classify(commit.authorName(), commit.authorEmail());
    if (author.kind() == IdentityKind.HUMAN) {
      return Optional.of(author);
    }
    for (Identity coAuthor : Trailers.coAuthors(commit.message(), table)) {
      if (coAuthor.kind() == IdentityKind.HUMAN) {
        return Optional.of(coAuthor);
      }
    }
    Identity committer = table.classify(commit.committerName(), commit.committerEmail());
    if (committer.kind() == IdentityKind.HUMAN && !table.isWebFlow(commit.committerEmail())) {
      return Optional.of(committer);
    }
    return Optional.empty();
  }
}
