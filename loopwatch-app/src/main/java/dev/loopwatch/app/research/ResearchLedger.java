package dev.loopwatch.app.research;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.app.cli.Json;
import dev.loopwatch.app.ledger.LogClient;
import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.attestation.Attestation;
import dev.loopwatch.ledger.attestation.Commitment;
import dev.loopwatch.ledger.attestation.Compute;
import dev.loopwatch.ledger.attestation.EstimationMethod;
import dev.loopwatch.ledger.attestation.Evaluation;
import dev.loopwatch.ledger.attestation.Period;
import dev.loopwatch.ledger.attestation.SignedAttestation;
import dev.loopwatch.ledger.attestation.StatementType;
import dev.loopwatch.ledger.merkle.Hash;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.research.forum.CodeStore;
import dev.loopwatch.research.forum.Post;
import dev.loopwatch.research.scoring.Finalization;
import dev.loopwatch.research.scoring.SealedScore;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Appends a research run's results to a Loopwatch transparency log as signed {@code eval_result}
 * attestations, with the log client {@code ladder attest} uses. Two kinds of entry, both with run
 * id {@code research/TASK/STARTED_AT/#N} (N the result's forum sequence):
 *
 * <ul>
 *   <li>a posted result ({@code research run --ledger}): period the posting instant, evaluations
 *       the seeds it reports and the metrics the agent claims (benchmark {@code TASK dev, claimed
 *       by AGENT}), unchecked;
 *   <li>a sealed score ({@code research finalize --ledger}): period from the posting to the
 *       scoring, evaluations {@code pgr}, {@code pgr_ci95_low}, {@code pgr_ci95_high}, {@code
 *       transfer_accuracy} and {@code seeds} on benchmark {@code TASK sealed}, by the operator.
 * </ul>
 *
 * <p>Both commit, by SHA-256, to the result's line in {@code forum.jsonl} ({@code data_manifest}:
 * the post with its agent, time, seeds and snapshot commit) and to the {@code predictions.json} of
 * that snapshot ({@code config}, when the snapshot holds one), so anyone holding the run folder can
 * check an entry against it. No new statement type is needed: {@code eval_result} is "evaluation
 * results obtained during the period", which the auditor accepts on its signature.
 */
final class ResearchLedger {
  private final String log;
  private final Optional<String> token;
  private final String signerKey;
  private final String declarant;

  private ResearchLedger(String log, Optional<String> token, String signerKey) {
    this.log = log;
    this.token = token;
    this.signerKey = signerKey;
    this.declarant = LogClient.verifierKeyOf(signerKey);
  }

  /**
   * A client for the log at {@code log}, signing with the key in {@code keyFile}; checks the URL
   * and reads the key and token now, before any work.
   */
  static ResearchLedger open(String log, Path keyFile, Optional<Path> tokenFile) {
    requireNonNull(log, "log is null");
    if (keyFile == null) {
      throw LoopwatchException.userInput(
          "--ledger needs --key FILE, the declarant's private key (from 'loopwatch ledger keygen')");
    }
    LogClient.addEndpoint(log);
    return new ResearchLedger(
        log, tokenFile.map(LogClient::readToken), LogClient.readSignerKey(keyFile));
  }

  /**
   * An appended entry.
   *
   * @param index its index in the log
   * @param runId its run id
   * @param kind {@code posted} or {@code sealed}
   */
  record Entry(long index, String runId, String kind) {}

  /** The file in the run folder listing every entry appended from it, one JSON line each. */
  static final String RECORD = "ledger.jsonl";

  /** Appends a posted result; {@code runFolder} holds its forum line and snapshot. */
  Entry appendPosted(Path runFolder, String runKey, String task, Post post) {
    List<Evaluation> evaluations = new ArrayList<>();
    String benchmark = task + " dev, claimed by " + post.agent();
    evaluations.add(
        new Evaluation(declarant, task, "seeds", BigDecimal.valueOf(post.seeds().size())));
    post.metrics()
        .forEach((name, value) ->
            evaluations.add(new Evaluation(declarant, benchmark, name, BigDecimal.valueOf(value))));
    return append(
        runFolder,
        runKey + "/#" + post.sequence(),
        "posted",
        new Period(post.at(), post.at()),
        post,
        evaluations);
  }

  /**
   * The sealed numbers of one result as the log records them: from a finalization just made, or
   * read back from its {@code final.json} when a later call appends what an earlier one could not.
   */
  record Sealed(
      String result,
      String agent,
      double pgr,
      double low,
      double high,
      double accuracy,
      int seeds) {
    Sealed {
      requireNonNull(result, "result is null");
      requireNonNull(agent, "agent is null");
    }

    static Sealed of(SealedScore score) {
      return new Sealed(
          score.result(),
          score.agent(),
          score.meanPgr(),
          score.pgrCiLow(),
          score.pgrCiHigh(),
          score.meanAccuracy(),
          score.seeds().size());
    }

    /** One element of {@code final.json}'s {@code scores}. */
    static Sealed of(JsonNode score) {
      return new Sealed(
          score.path("result").asText(),
          score.path("agent").asText(),
          score.path("meanPgr").asDouble(),
          score.path("pgrCiLow").asDouble(),
          score.path("pgrCiHigh").asDouble(),
          score.path("meanAccuracy").asDouble(),
          score.path("seeds").size());
    }
  }

  /** Appends the sealed score of a result posted as {@code post}, scored at {@code scoredAt}. */
  Entry appendSealed(
      Path runFolder, String runKey, String task, Post post, Sealed score, Instant scoredAt) {
    String benchmark = task + " sealed";
    List<Evaluation> evaluations =
        List.of(
            new Evaluation(declarant, benchmark, "pgr", decimal(score.pgr())),
            new Evaluation(declarant, benchmark, "pgr_ci95_low", decimal(score.low())),
            new Evaluation(declarant, benchmark, "pgr_ci95_high", decimal(score.high())),
            new Evaluation(declarant, benchmark, "transfer_accuracy", decimal(score.accuracy())),
            new Evaluation(declarant, benchmark, "seeds", BigDecimal.valueOf(score.seeds())));
    Instant end = scoredAt.isBefore(post.at()) ? post.at() : scoredAt;
    return append(
        runFolder,
        runKey + "/#" + post.sequence(),
        "sealed",
        new Period(post.at(), end),
        post,
        evaluations);
  }

  /**
   * The run ids of the entries of {@code kind} that calls with this log's URL appended from {@code
   * runFolder}, as recorded in {@value #RECORD} after each append.
   */
  Set<String> appended(Path runFolder, String kind) {
    Path record = runFolder.resolve(RECORD);
    Set<String> ids = new HashSet<>();
    if (!Files.exists(record)) {
      return ids;
    }
    try {
      for (String line : Files.readAllLines(record, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode entry = Json.mapper().readTree(line);
        if (entry.path("log").asText().equals(log) && entry.path("kind").asText().equals(kind)) {
          ids.add(entry.path("runId").asText());
        }
      }
    } catch (IOException e) {
      throw LoopwatchException.userInput("cannot read " + record + ": " + e.getMessage());
    }
    return ids;
  }

  private Entry append(
      Path runFolder,
      String runId,
      String kind,
      Period period,
      Post post,
      List<Evaluation> evaluations) {
    Map<Commitment, Hash> commitments = new LinkedHashMap<>();
    commitments.put(Commitment.DATA_MANIFEST, sha256(forumLine(runFolder, post.sequence())));
    post.snapshot()
        .flatMap(s -> CodeStore.show(runFolder.resolve("store.git"), s, Finalization.PREDICTIONS))
        .ifPresent(text ->
            commitments.put(Commitment.CONFIG, sha256(text.getBytes(StandardCharsets.UTF_8))));
    Attestation attestation =
        new Attestation(
            declarant,
            StatementType.EVAL_RESULT,
            runId,
            period,
            new Compute(BigInteger.ZERO, BigDecimal.ZERO, EstimationMethod.MEASURED),
            commitments,
            evaluations);
    SignedAttestation signed = SignedAttestation.sign(attestation, NoteKeys.signer(signerKey));
    Entry entry = new Entry(LogClient.add(log, signed.bytes(), token), runId, kind);
    remember(runFolder, entry);
    return entry;
  }

  /** Records {@code entry} in the run folder, so a later call appends only what is missing. */
  private void remember(Path runFolder, Entry entry) {
    ObjectNode line = Json.mapper().createObjectNode();
    line.put("log", log);
    line.put("index", entry.index());
    line.put("runId", entry.runId());
    line.put("kind", entry.kind());
    try {
      Files.writeString(
          runFolder.resolve(RECORD),
          Json.mapper().writer().writeValueAsString(line) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw LoopwatchException.external(
          "appended entry "
              + entry.index()
              + " but cannot record it in "
              + runFolder.resolve(RECORD)
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** The bytes of line {@code sequence} of the run's forum log, the post as it was stored. */
  static byte[] forumLine(Path runFolder, long sequence) {
    Path file = runFolder.resolve("forum.jsonl");
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (String line : lines) {
        if (line.startsWith("{\"sequence\":" + sequence + ",")) {
          return line.getBytes(StandardCharsets.UTF_8);
        }
      }
    } catch (IOException e) {
      throw LoopwatchException.userInput("cannot read " + file + ": " + e.getMessage());
    }
    throw LoopwatchException.userInput(file + " has no post " + sequence);
  }

  private static BigDecimal decimal(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("not a finite number: " + value);
    }
    return BigDecimal.valueOf(value);
  }

  private static Hash sha256(byte[] bytes) {
    try {
      return Hash.of(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }
}
