package dev.loopwatch.app.provenance;

import dev.loopwatch.app.cli.Terminal;
import dev.loopwatch.core.progress.Progress;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.git.blame.LiveCodeResult;
import dev.loopwatch.git.scan.LiveCodeRecorder;
import dev.loopwatch.git.scan.ScanOptions;
import dev.loopwatch.git.scan.ScanOutcome;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** Runs blame over a scanned repository's tip for {@code --blame}, with a progress bar. */
final class LiveCodeStep {
  private final Store store;

  LiveCodeStep(Store store) {
    this.store = store;
  }

  void run(Path repo, ScanOutcome outcome, ScanOptions options, PrintWriter err) {
    LiveCodeResult result;
    try (Progress progress = Terminal.progress(err, "blame " + outcome.name(), "files")) {
      result = new LiveCodeRecorder(store).record(repo, outcome, options, progress);
    }
    err.printf(
        Locale.ROOT,
        "%s: blamed %d files at %s, %d lines%s%n",
        outcome.name(),
        result.fileCount(),
        outcome.tip().substring(0, Math.min(12, outcome.tip().length())),
        result.lines(),
        result.skippedFiles() > 0 ? ", " + result.skippedFiles() + " skipped" : "");
  }
}
