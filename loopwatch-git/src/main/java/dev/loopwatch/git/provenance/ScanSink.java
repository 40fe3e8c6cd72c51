package dev.loopwatch.git.provenance;

import dev.loopwatch.git.evidence.Evidence;
import dev.loopwatch.git.evidence.FileLines;
import dev.loopwatch.git.repo.ScanWarning;
import java.util.List;

/** Receives what a scan finds, as it finds it: the store writer, or an in-memory collector. */
public interface ScanSink {
  /** One merged change, newest first. */
  void change(MergedChange change);

  /**
   * The evidence found on one commit (on or off the chain), with the chain commit that merged it.
   */
  void commitEvidence(String sha, String owner, List<Evidence> evidence);

  /** Line-level evidence of one commit. */
  void lineEvidence(String sha, String owner, List<FileLines> lines);

  /** Something skipped or doubted. */
  void warning(ScanWarning warning);
}
