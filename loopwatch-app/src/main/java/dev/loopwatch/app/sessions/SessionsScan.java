package dev.loopwatch.app.sessions;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.config.Config;
import dev.loopwatch.core.config.ConfigSection;
import dev.loopwatch.core.config.UserHome;
import dev.loopwatch.core.cost.Prices;
import dev.loopwatch.core.store.Store;
import dev.loopwatch.sessions.store.FolderSource;
import dev.loopwatch.sessions.store.SessionsWriter;
import dev.loopwatch.sessions.store.WriteOutcome;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The sessions step of {@code loopwatch scan --sessions}: reads transcript folders with the same
 * discovery and readers as {@code loopwatch sessions} and stores them in one transaction.
 */
public final class SessionsScan {
  private SessionsScan() {}

  /**
   * Reads {@code folders} and stores their sessions in {@code store}, priced with {@code prices},
   * one session at a time as the readers hand them over; earlier scans of the same folders are
   * replaced.
   */
  public static WriteOutcome store(Store store, List<Path> folders, Prices prices, Instant now) {
    requireNonNull(store, "store is null");
    List<FolderSource> scanned = new ArrayList<>();
    for (SessionsCommand.Source source : SessionsCommand.given(folders)) {
      scanned.add(new FolderSource(source.folder(), source.agent(), source::read));
    }
    return SessionsWriter.stream(store, scanned, prices, now);
  }

  /**
   * Returns the price table: the bundled one, with the rows of the file named by {@code [prices]
   * file} in {@code config} (a leading {@code ~/} is the home folder) replacing or adding rows.
   */
  public static Prices prices(Config config) {
    ConfigSection section = config.section("prices");
    section.requireKnownKeys(Set.of("file"));
    return section
        .string("file")
        .map(file ->
            file.startsWith("~/") ? UserHome.path().resolve(file.substring(2)) : Path.of(file))
        .map(Prices::withOverrides)
        .orElseGet(Prices::defaults);
  }
}
