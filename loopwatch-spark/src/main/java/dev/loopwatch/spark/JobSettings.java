package dev.loopwatch.spark;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.agentedit.AgentWrite;
import dev.loopwatch.core.agentedit.LineFingerprints;
import dev.loopwatch.core.config.Config;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.git.identity.IdentityTable;
import dev.loopwatch.git.provenance.SessionMatcher;
import dev.loopwatch.git.scan.GitSettings;
import dev.loopwatch.git.scan.RepositoryMiner;
import dev.loopwatch.git.scan.ScanOptions;
import dev.loopwatch.sessions.edits.AgentWriteReader;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What every repository of the job is mined with, read once on the driver and shipped to the
 * executors (which may not see the driver's files): the {@code --config} file's text, whether to
 * blame, and the file writes of the {@code --sessions} transcripts. On an executor it makes the
 * repository's miner as {@code loopwatch scan} would: the {@code --config} file (in place of the
 * user's {@code ~/.loopwatch/loopwatch.toml}) overlaid by the repository's own loopwatch.toml.
 *
 * @param configFile the {@code --config} file as named on the command line, empty when none
 * @param configText that file's text, empty when none
 * @param blame whether to measure the live code at each tip
 * @param sessions whether {@code --sessions} was given (then each repository is session-matched)
 * @param sessionWindowHours how long after a session's last write its lines may be committed
 * @param writes the sessions' file writes
 */
record JobSettings(
    String configFile,
    String configText,
    boolean blame,
    boolean sessions,
    int sessionWindowHours,
    List<ShippedWrite> writes)
    implements Serializable {
  JobSettings {
    requireNonNull(configFile, "configFile is null");
    requireNonNull(configText, "configText is null");
    writes = List.copyOf(writes);
    if (sessionWindowHours < 0) {
      throw new IllegalArgumentException(
          "--session-window must not be negative: " + sessionWindowHours);
    }
  }

  /** No configuration, no blame, no sessions: the built-in identities and default options. */
  static JobSettings defaults() {
    return new JobSettings("", "", false, false, 24, List.of());
  }

  /**
   * Reads the job's settings on the driver: the {@code config} file (checked as every repository
   * will read it, so a bad one fails here, naming it) and the writes of the {@code sessions}
   * folders.
   *
   * @throws LoopwatchException USER_INPUT naming the file or folder at fault
   */
  static JobSettings read(
      Optional<Path> config,
      boolean blame,
      List<Path> sessions,
      int sessionWindowHours,
      AgentWriteReader reader) {
    String text = "";
    if (config.isPresent()) {
      Path file = config.get();
      if (!Files.isRegularFile(file)) {
        throw LoopwatchException.userInput("--config " + file + ": no such file");
      }
      settingsOf(Config.loadFiles(List.of(file)));
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw LoopwatchException.userInput("cannot read " + file + ": " + e.getMessage());
      }
    }
    List<ShippedWrite> writes = new ArrayList<>();
    for (Path folder : sessions) {
      if (!Files.isDirectory(folder)) {
        throw LoopwatchException.userInput("--sessions " + folder + ": no such folder");
      }
      reader.read(folder).writes().forEach(write -> writes.add(ShippedWrite.of(write)));
    }
    return new JobSettings(
        config.map(Path::toString).orElse(""),
        text,
        blame,
        !sessions.isEmpty(),
        sessionWindowHours,
        writes);
  }

  /**
   * The miner for the repository at {@code repo} (a clone or the path itself): identities and
   * {@code [git]} options from the configuration, blame, and a session matcher.
   */
  RepositoryMiner miner(Path repo) {
    RepositoryMiner miner = withoutSessions(repo);
    if (sessions) {
      List<AgentWrite> agentWrites = writes.stream().map(ShippedWrite::agentWrite).toList();
      miner =
          miner.withLineEvidence(
              List.of(new SessionMatcher(agentWrites, Duration.ofHours(sessionWindowHours))));
    }
    return miner;
  }

  /**
   * The miner without the session matcher, which is all {@link RepositoryMiner#cut} needs (the
   * configured branch): the driver cuts chains without converting the transcripts' writes.
   */
  RepositoryMiner withoutSessions(Path repo) {
    Settings settings = settingsOf(config(repo));
    return new RepositoryMiner(settings.identities(), settings.options(blame));
  }

  /**
   * The {@code --config} file overlaid by {@code repo}'s loopwatch.toml, as {@code scan} overlays
   * the user's file with the repository's.
   */
  Config config(Path repo) {
    List<Path> files = new ArrayList<>();
    Optional<Path> shipped = Optional.empty();
    try {
      if (!configText.isEmpty()) {
        shipped = Optional.of(Files.createTempFile("loopwatch-config-", ".toml"));
        Files.writeString(shipped.get(), configText, StandardCharsets.UTF_8);
        files.add(shipped.get());
      }
      Path own = repo.resolve(Config.FILE_NAME);
      if (Files.isRegularFile(own)) {
        files.add(own);
      }
      return Config.loadFiles(files);
    } catch (IOException e) {
      throw LoopwatchException.external("cannot write " + configFile + "'s copy: " + e, e);
    } finally {
      shipped.ifPresent(JobSettings::deleteQuietly);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A leftover temporary file is harmless.
    }
  }

  /**
   * What a configuration says for mining: identities and the {@code [git]} table, read by the same
   * code as {@code scan}'s.
   */
  record Settings(IdentityTable identities, GitSettings git) {
    Settings {
      requireNonNull(identities, "identities is null");
      requireNonNull(git, "git is null");
    }

    /**
     * The scan options: the whole history of the configured branch, its exclusions, blame with the
     * configured parallelism (default 1: one git process for each executor core).
     */
    ScanOptions options(boolean blame) {
      return new ScanOptions(
          git.branch(),
          Optional.empty(),
          Optional.empty(),
          git.excludeGlobs(),
          blame,
          Math.max(1, git.parallelism().orElse(1)),
          Optional.empty());
    }
  }

  /** Reads identities and {@code [git]} as {@code scan} does. */
  static Settings settingsOf(Config config) {
    return new Settings(GitSettings.identities(config), GitSettings.read(config));
  }

  /**
   * An {@link AgentWrite} in a form Java serialisation takes (it holds a {@link Path} and an {@link
   * Optional}, which it does not).
   *
   * @param model the model, empty when none was recorded
   * @param file the absolute path written
   * @param fingerprints the written lines' fingerprints
   */
  record ShippedWrite(
      String agent,
      String session,
      String model,
      long epochSecond,
      int nanos,
      String file,
      long[] fingerprints)
      implements Serializable {
    ShippedWrite {
      requireNonNull(agent, "agent is null");
      requireNonNull(session, "session is null");
      requireNonNull(model, "model is null");
      requireNonNull(file, "file is null");
      fingerprints = fingerprints.clone();
    }

    static ShippedWrite of(AgentWrite write) {
      return new ShippedWrite(
          write.agent(),
          write.session(),
          write.model().orElse(""),
          write.at().getEpochSecond(),
          write.at().getNano(),
          write.file().toString(),
          write.lines().hashes());
    }

    AgentWrite agentWrite() {
      return new AgentWrite(
          agent,
          session,
          model.isEmpty() ? Optional.empty() : Optional.of(model),
          Instant.ofEpochSecond(epochSecond, nanos),
          Path.of(file),
          LineFingerprints.ofHashes(fingerprints));
    }
  }
}
