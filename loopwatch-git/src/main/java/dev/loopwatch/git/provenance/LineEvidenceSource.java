package dev.loopwatch.git.provenance;

import dev.loopwatch.git.evidence.FileLines;
import dev.loopwatch.git.repo.Git;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Line-level AI evidence from outside the repository (for example agent transcripts), consulted by
 * the {@link ProvenanceMiner} for the commits it mines.
 */
public interface LineEvidenceSource {
  /**
   * The evidence for some of {@code commits}, by commit id.
   *
   * @param git the repository being mined
   * @param commits the non-merge commits being mined and when each was committed
   */
  Map<String, List<FileLines>> lines(Git git, Map<String, Instant> commits);
}
