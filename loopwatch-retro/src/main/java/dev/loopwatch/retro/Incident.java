package dev.loopwatch.retro;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One production incident and the commits that fixed it.
 *
 * @param id the incident's id, unique in one run
 * @param repo the repository path, when it differs from the run's {@code --repo}
 * @param fixCommits the commits that fixed it (ids or revisions), at least one
 * @param startedAt when it started; SZZ candidates committed later are dropped
 * @param severity the incident's severity word ({@code sev1}, {@code high}, {@code unknown} ...)
 * @param summary one line on what broke (given to the judge)
 * @param declaredIntroducing commits someone declared as the cause; they override SZZ and are
 *     reported as declared
 * @param prUrl the introducing pull request's address, for the report only
 * @param prRange the introducing pull request's base and head commits, when known: the review then
 *     covers {@code merge-base(base, head)..head} instead of a single commit
 * @param source where the incident came from, e.g. {@code incidents.jsonl:3} or {@code
 *     fixes-trailer}
 */
public record Incident(
    String id,
    Optional<String> repo,
    List<String> fixCommits,
    Instant startedAt,
    String severity,
    String summary,
    List<String> declaredIntroducing,
    Optional<String> prUrl,
    Optional<PrRange> prRange,
    String source) {
  /** Checks the fields are present and copies the lists. */
  public Incident {
    requireNonNull(id, "id is null");
    requireNonNull(repo, "repo is null");
    fixCommits = List.copyOf(requireNonNull(fixCommits, "fixCommits is null"));
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(severity, "severity is null");
    requireNonNull(summary, "summary is null");
    declaredIntroducing =
        List.copyOf(requireNonNull(declaredIntroducing, "declaredIntroducing is null"));
    requireNonNull(prUrl, "prUrl is null");
    requireNonNull(prRange, "prRange is null");
    requireNonNull(source, "source is null");
    if (fixCommits.isEmpty()) {
      throw new IllegalArgumentException("incident " + id + " has no fix commit");
    }
  }

  /**
   * A pull request's commit range.
   *
   * @param base the commit the PR was opened against (its merge base with head is the review base)
   * @param head the PR's last commit
   */
  public record PrRange(String base, String head) {
    /** Checks the fields are present. */
    public PrRange {
      requireNonNull(base, "base is null");
      requireNonNull(head, "head is null");
    }
  }
}
