package dev.loopwatch.ledger.audit;

import static dev.loopwatch.ledger.audit.AuditFixture.a;
import static dev.loopwatch.ledger.audit.AuditFixture.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.error.LoopwatchException;
import dev.loopwatch.ledger.attestation.StatementType;
import dev.loopwatch.ledger.equivocation.EquivocationProof;
import dev.loopwatch.ledger.note.NoteKeys;
import dev.loopwatch.ledger.proof.TlogProof;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuditorTest {
  private static final Instant NOW = Instant.parse("2025-01-05T00:00:00Z");

  @TempDir Path temp;

  private AuditOptions options(boolean full) {
    return new AuditOptions(temp.resolve("state"), full, true, NOW, Optional.empty(), 2);
  }

  private static List<byte[]> heartbeats(int count) {
    return LongStream.range(0, count).mapToObj(AuditFixture::heartbeat).toList();
  }

  private static List<String> summary(AuditReport report) {
    return report.violations().stream().map(v -> v.kind().jsonName() + " " + v.indexes()).toList();
  }

  @Test
  void audit_cleanLog_findsNothingAndStoresTheCheckpoint() {
    Path log = temp.resolve("log");
    AuditFixture.createLog(log, heartbeats(300));
    AuditReport report =
        Auditor.audit(
            LogSource.directory(log), AuditPolicy.ofLogKey(AuditFixture.logKey()), options(false));
    assertThat(report.violations()).isEmpty();
    assertThat(report.entries()).isEqualTo(300);
    assertThat(report.signaturesVerified()).isEqualTo(300);
    assertThat(report.stateUpdated()).isTrue();
    assertThat(
            Files.exists(
                AuditState.of(temp.resolve("state"), AuditFixture.ORIGIN)
                    .directory()
                    .resolve("checkpoint")))
        .isTrue();
  }

  @Test
  void audit_logGrew_verifiesOnlyNewSignaturesUnlessFull() {
    Path log = temp.resolve("log");
    AuditFixture.createLog(log, heartbeats(5));
    AuditPolicy policy = AuditPolicy.ofLogKey(AuditFixture.logKey());
    Auditor.audit(LogSource.directory(log), policy, options(false));
    AuditFixture.append(
        log,
        List.of(AuditFixture.heartbeat(5), AuditFixture.heartbeat(6), AuditFixture.heartbeat(7)));

    AuditReport incremental = Auditor.audit(LogSource.directory(log), policy, options(false));
    assertThat(incremental.violations()).isEmpty();
    assertThat(incremental.previous().orElseThrow().size()).isEqualTo(5);
    assertThat(incremental.signaturesVerified()).isEqualTo(3);
    assertThat(Auditor.audit(LogSource.directory(log), policy, options(true)).signaturesVerified())
        .isEqualTo(8);
  }

  @Test
  void audit_everyPolicyViolationKind_reportsExactIndexes() throws IOException {
    Path log = temp.resolve("log");
    List<byte[]> entries = new ArrayList<>();
    entries.add(
        a(StatementType.RUN_STARTED, "r1", "2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z", 0));
    entries.add(
        a(StatementType.COMPUTE_REPORT, "r1", "2025-01-01T00:00:00Z", "2025-01-01T12:00:00Z", 60));
    entries.add(
        a(StatementType.COMPUTE_REPORT, "r1", "2025-01-02T00:00:00Z", "2025-01-02T12:00:00Z", 50));
    entries.add(
        a(StatementType.RUN_STARTED, "r1", "2025-01-02T00:00:00Z", "2025-01-02T00:00:00Z", 0));
    entries.add(
        a(StatementType.RUN_STOPPED, "r2", "2025-01-02T00:00:00Z", "2025-01-02T00:00:00Z", 0));
    entries.add(
        a(StatementType.PAUSE_DECLARED, "p", "2025-02-01T00:00:00Z", "2025-02-10T00:00:00Z", 0));
    entries.add(
        a(StatementType.RUN_STARTED, "r3", "2025-02-05T00:00:00Z", "2025-02-05T00:00:00Z", 0));
    entries.add(
        a(StatementType.RUN_STOPPED, "r1", "2025-01-03T00:00:00Z", "2025-01-03T00:00:00Z", 0));
    entries.add(
        a(StatementType.RUN_STOPPED, "r1", "2025-01-03T01:00:00Z", "2025-01-03T01:00:00Z", 0));
    entries.add(
        a(StatementType.COMPUTE_REPORT, "r1", "2025-01-04T00:00:00Z", "2025-01-04T01:00:00Z", 1));
    entries.add(
        a(StatementType.HEARTBEAT, "hb", "2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z", 0));
    entries.add(
        a(StatementType.HEARTBEAT, "hb", "2025-01-03T00:00:00Z", "2025-01-03T00:00:00Z", 0));
    entries.add(
        a(StatementType.HEARTBEAT, "hb", "2025-01-03T12:00:00Z", "2025-01-03T12:00:00Z", 0));
    entries.add(AuditFixture.forged(StatementType.HEARTBEAT, "hb", "2025-01-03T13:00:00Z"));
    entries.add(
        b(StatementType.HEARTBEAT, "hb", "2025-01-03T00:00:00Z", "2025-01-03T00:00:00Z", 0));
    entries.add(
        a(StatementType.RUN_STARTED, "r4", "2025-03-01T00:00:00Z", "2025-03-01T00:00:00Z", 0));
    entries.add(
        a(StatementType.RUN_STOPPED, "r4", "2025-02-01T00:00:00Z", "2025-02-01T00:00:00Z", 0));
    AuditFixture.createLog(log, entries);
    Path policyFile = temp.resolve("policy.toml");
    Files.writeString(
        policyFile,
        """
        log_key = "%s"
        only_listed_declarants = true

        [[declarant]]
        key = "%s"
        heartbeat_interval = "PT24H"

        [[cap]]
        declarant = "%s"
        period = "day"
        max_flop = 55

        [[pause]]
        start = "2025-03-01T00:00:00Z"
        end = "2025-03-02T00:00:00Z"
        """
            .formatted(AuditFixture.logKey(), AuditFixture.labA(), AuditFixture.labA()));
    Path proofs = temp.resolve("proofs");
    AuditReport report =
        Auditor.audit(
            LogSource.directory(log),
            AuditPolicy.read(policyFile),
            new AuditOptions(temp.resolve("state"), false, true, NOW, Optional.of(proofs), 2));

    assertThat(summary(report))
        .containsExactly(
            "double_start [0, 3]",
            "compute_outside_run [0, 7, 9]",
            "cap_exceeded [1]",
            "stop_without_start [4]",
            "started_in_pause [5, 6]",
            "double_stop [7, 8]",
            "heartbeat_silence [10, 11]",
            "heartbeat_silence [12]",
            "invalid_entry [13]",
            "unlisted_declarant [14]",
            "started_in_pause [15]",
            "stop_before_start [15, 16]");
    assertThat(report.stateUpdated()).isTrue();
    assertThat(report.proofFiles().keySet())
        .containsExactly(0L, 1L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L);
    TlogProof proof = TlogProof.parse(Files.readAllBytes(proofs.resolve("13.tlog-proof")));
    assertThat(
            proof.verify(entries.get(13), List.of(NoteKeys.verifier(AuditFixture.logKey()))).size())
        .isEqualTo(17);
  }

  @Test
  void audit_capOnAcceleratorHoursPerMonth_sumsReportsByPeriodStart() throws IOException {
    Path log = temp.resolve("log");
    AuditFixture.createLog(
        log,
        List.of(
            a(StatementType.RUN_STARTED, "r", "2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z", 0),
            a(
                StatementType.COMPUTE_REPORT,
                "r",
                "2025-01-10T00:00:00Z",
                "2025-01-11T00:00:00Z",
                40),
            a(
                StatementType.COMPUTE_REPORT,
                "r",
                "2025-01-31T00:00:00Z",
                "2025-02-01T12:00:00Z",
                40),
            a(
                StatementType.COMPUTE_REPORT,
                "r",
                "2025-02-01T00:00:00Z",
                "2025-02-02T00:00:00Z",
                40)));
    Path policyFile = temp.resolve("policy.toml");
    Files.writeString(
        policyFile,
        """
        log_key = "%s"
        [[cap]]
        declarant = "%s"
        period = "month"
        max_accelerator_hours = 7.5
        """
            .formatted(AuditFixture.logKey(), AuditFixture.labA()));
    AuditReport report =
        Auditor.audit(LogSource.directory(log), AuditPolicy.read(policyFile), options(false));
    assertThat(summary(report)).containsExactly("cap_exceeded [1, 2]");
    assertThat(report.violations().get(0).period().orElseThrow().start())
        .isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
  }

  @Test
  void audit_rollback_isReportedAndStateKept() {
    AuditPolicy policy = AuditPolicy.ofLogKey(AuditFixture.logKey());
    AuditFixture.createLog(temp.resolve("big"), heartbeats(6));
    Auditor.audit(LogSource.directory(temp.resolve("big")), policy, options(false));
    AuditFixture.createLog(temp.resolve("small"), heartbeats(4));
    AuditReport report =
        Auditor.audit(LogSource.directory(temp.resolve("small")), policy, options(false));
    assertThat(summary(report)).containsExactly("rollback []");
    assertThat(report.stateUpdated()).isFalse();
    assertThat(
            AuditState.of(temp.resolve("state"), AuditFixture.ORIGIN).last().orElseThrow().text())
        .startsWith(AuditFixture.ORIGIN + "\n6\n");
  }

  @ParameterizedTest(name = "old size {0}, new size {1}, fork at {2}")
  @CsvSource({
    "4, 4, 2",
    "5, 5, 0",
    "5, 7, 3",
    "4, 6, 2",
    "1, 3, 0",
    "300, 513, 257",
    "256, 300, 7"
  })
  void audit_forkedLog_reportsSplitViewWithAVerifiableProof(int oldSize, int newSize, int fork)
      throws IOException {
    AuditPolicy policy = AuditPolicy.ofLogKey(AuditFixture.logKey());
    AuditFixture.createLog(temp.resolve("honest"), heartbeats(oldSize));
    Auditor.audit(LogSource.directory(temp.resolve("honest")), policy, options(false));
    List<byte[]> forked = new ArrayList<>(heartbeats(newSize));
    forked.set(fork, AuditFixture.heartbeat(10_000));
    AuditFixture.createLog(temp.resolve("forked"), forked);

    AuditReport report =
        Auditor.audit(LogSource.directory(temp.resolve("forked")), policy, options(false));

    assertThat(summary(report)).containsExactly("split_view []");
    assertThat(report.stateUpdated()).isFalse();
    EquivocationProof proof =
        EquivocationProof.parse(Files.readAllBytes(report.equivocationProof().orElseThrow()));
    assertThat(proof.verify(List.of(NoteKeys.verifier(AuditFixture.logKey()))))
        .startsWith("log " + AuditFixture.ORIGIN + " signed");
  }

  @Test
  void audit_splitViewIncremental_checksSignaturesOfOldEntriesToo() {
    AuditPolicy policy = AuditPolicy.ofLogKey(AuditFixture.logKey());
    AuditFixture.createLog(temp.resolve("honest"), heartbeats(5));
    Auditor.audit(LogSource.directory(temp.resolve("honest")), policy, options(false));
    // The fork replaces entry 2, below the size audited before, with a badly signed entry.
    List<byte[]> forked = new ArrayList<>(heartbeats(7));
    forked.set(2, AuditFixture.forged(StatementType.HEARTBEAT, "hb", "2025-01-01T02:00:00Z"));
    AuditFixture.createLog(temp.resolve("forked"), forked);

    AuditReport report =
        Auditor.audit(LogSource.directory(temp.resolve("forked")), policy, options(false));

    assertThat(summary(report)).contains("split_view []", "invalid_entry [2]");
    assertThat(report.signaturesVerified()).isEqualTo(6);
  }

  @Test
  void audit_tamperedBundleByte_reportsRootMismatch() throws IOException {
    Path log = temp.resolve("log");
    AuditFixture.createLog(log, heartbeats(5));
    Path bundle = log.resolve("tile/entries/000.p/5");
    byte[] bytes = Files.readAllBytes(bundle);
    bytes[40] ^= 1;
    Files.write(bundle, bytes);
    AuditReport report =
        Auditor.audit(
            LogSource.directory(log), AuditPolicy.ofLogKey(AuditFixture.logKey()), options(false));
    assertThat(summary(report)).containsExactly("root_mismatch []");
    assertThat(report.violations().get(0).message())
        .isEqualTo(
            "entry 0 in tile/entries/000.p/5 of "
                + log.toAbsolutePath()
                + " does not match its hash in tile/0/000.p/5");
    assertThat(report.stateUpdated()).isFalse();
  }

  @Test
  void audit_checkpointByAnotherKey_isABadCheckpoint() {
    Path log = temp.resolve("log");
    AuditFixture.createLog(log, heartbeats(2));
    String otherKey = AuditFixture.key(AuditFixture.ORIGIN, 5);
    AuditReport report =
        Auditor.audit(LogSource.directory(log), AuditPolicy.ofLogKey(otherKey), options(false));
    assertThat(summary(report)).containsExactly("bad_checkpoint []");
  }

  @Test
  void read_unknownKey_failsNamingIt() throws IOException {
    Path policyFile = temp.resolve("policy.toml");
    Files.writeString(
        policyFile,
        "log_key = \"%s\"\n[[cap]]\ndeclarant = \"%s\"\nperiod = \"day\"\nmax_flops = 1\n"
            .formatted(AuditFixture.logKey(), AuditFixture.labA()));
    assertThatThrownBy(() -> AuditPolicy.read(policyFile))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("unknown key 'policy.cap[0].max_flops'");
  }

  @Test
  void read_maxFlopAsString_keepsItExact() throws IOException {
    Path policyFile = temp.resolve("policy.toml");
    Files.writeString(
        policyFile,
        "log_key = \"%s\"\n[[cap]]\ndeclarant = \"%s\"\nperiod = \"quarter\"\nmax_flop = \"1e26\"\n"
            .formatted(AuditFixture.logKey(), AuditFixture.labA()));
    assertThat(AuditPolicy.read(policyFile).caps().get(0).maxFlop().orElseThrow())
        .isEqualTo(java.math.BigInteger.TEN.pow(26));
  }

  @Test
  void audit_witnessPolicy_requiresTheQuorumsCosignature() throws IOException {
    Path log = temp.resolve("log");
    AuditFixture.createLog(log, heartbeats(3));
    byte[] witnessSeed = AuditFixture.seed(50);
    String witnessKey =
        dev.loopwatch.ledger.checkpoint.Cosignature.verifierKey(
            "witness.example/w1", dev.loopwatch.ledger.note.Ed25519.publicKey(witnessSeed));
    Files.writeString(
        temp.resolve("witnesses.policy"),
        "log %s\nwitness w1 %s\nquorum w1\n".formatted(AuditFixture.logKey(), witnessKey));
    Path policyFile = temp.resolve("policy.toml");
    Files.writeString(policyFile, "witness_policy = \"witnesses.policy\"\n");
    AuditPolicy policy = AuditPolicy.read(policyFile);
    assertThat(policy.logKey()).isEqualTo(AuditFixture.logKey());

    AuditReport unwitnessed = Auditor.audit(LogSource.directory(log), policy, options(false));
    assertThat(summary(unwitnessed)).containsExactly("quorum_not_met []");
    assertThat(unwitnessed.stateUpdated()).isFalse();

    Path checkpoint = log.resolve("checkpoint");
    dev.loopwatch.ledger.note.Note cosigned =
        dev.loopwatch.ledger.note.Note.parse(Files.readAllBytes(checkpoint))
            .signedBy(
                List.of(
                    dev.loopwatch.ledger.checkpoint.Cosignature.signer(
                        "witness.example/w1", witnessSeed, () -> 1_700_000_000L)));
    Files.write(checkpoint, cosigned.bytes());
    AuditReport witnessed = Auditor.audit(LogSource.directory(log), policy, options(false));
    assertThat(witnessed.violations()).isEmpty();
    assertThat(witnessed.stateUpdated()).isTrue();
  }

  @Test
  void audit_witnessedLogFolder_readsCosignedCheckpoint() throws IOException {
    Path log = temp.resolve("log");
    AuditFixture.createLog(log, heartbeats(3));
    byte[] witnessSeed = AuditFixture.seed(51);
    String witnessKey =
        dev.loopwatch.ledger.checkpoint.Cosignature.verifierKey(
            "witness.example/w1", dev.loopwatch.ledger.note.Ed25519.publicKey(witnessSeed));
    Files.writeString(
        temp.resolve("witnesses.policy"),
        "log %s\nwitness w1 %s\nquorum w1\n".formatted(AuditFixture.logKey(), witnessKey));
    Path policyFile = temp.resolve("policy.toml");
    Files.writeString(policyFile, "witness_policy = \"witnesses.policy\"\n");
    AuditPolicy policy = AuditPolicy.read(policyFile);
    // What 'ledger serve --witness-policy' leaves: the cosigned checkpoint in checkpoint.cosigned,
    // and a newer plain checkpoint that has not reached quorum yet.
    dev.loopwatch.ledger.note.Note cosigned =
        dev.loopwatch.ledger.note.Note.parse(Files.readAllBytes(log.resolve("checkpoint")))
            .signedBy(
                List.of(
                    dev.loopwatch.ledger.checkpoint.Cosignature.signer(
                        "witness.example/w1", witnessSeed, () -> 1_700_000_000L)));
    Files.write(log.resolve("checkpoint.cosigned"), cosigned.bytes());
    AuditFixture.append(log, List.of(AuditFixture.heartbeat(3)));

    AuditReport report = Auditor.audit(LogSource.directory(log), policy, options(false));

    assertThat(report.violations()).isEmpty();
    assertThat(report.checkpoint().orElseThrow().size()).isEqualTo(3);
    assertThat(report.stateUpdated()).isTrue();
  }
}
