package dev.loopwatch.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.core.agentedit.AgentWrite;
import dev.loopwatch.core.agentedit.LineFingerprints;
import dev.loopwatch.git.identity.IdentityTable;
import dev.loopwatch.sessions.edits.AgentWriteReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's settings: read once on the driver, shipped by Java serialisation, and on an executor
 * the --config file overlaid by the repository's own loopwatch.toml, as scan reads them.
 */
class JobSettingsTest {
  @TempDir Path temp;

  @Test
  void config_repositoryFileOverlaysTheShippedOne_afterSerialisation() throws Exception {
    Path org =
        Files.writeString(
            temp.resolve("org.toml"),
            "[git]\nbranch = \"trunk\"\nexclude = [\"vendor/**\"]\n"
                + "[[identities.agent]]\nemail = \"build-agent@example.com\"\nagent = \"claude-code\"\n");
    Path repo = Files.createDirectories(temp.resolve("repo"));
    Files.writeString(repo.resolve("loopwatch.toml"), "[git]\nbranch = \"main\"\n");
    Path plain = Files.createDirectories(temp.resolve("plain"));
    JobSettings read =
        JobSettings.read(Optional.of(org), true, List.of(), 24, new AgentWriteReader());

    JobSettings shipped = roundTrip(read);

    JobSettings.Settings own = JobSettings.settingsOf(shipped.config(repo));
    JobSettings.Settings orgOnly = JobSettings.settingsOf(shipped.config(plain));
    assertThat(own.git().branch()).contains("main");
    assertThat(own.git().excludeGlobs()).containsExactly("vendor/**");
    assertThat(orgOnly.git().branch()).contains("trunk");
    assertThat(orgOnly.options(shipped.blame()).blame()).isTrue();
    assertThat(orgOnly.identities().classify("Build", "build-agent@example.com").agent())
        .contains("claude-code");
    assertThat(IdentityTable.builtIn().classify("Build", "build-agent@example.com").agent())
        .isEmpty();
    assertThat(shipped.configFile()).isEqualTo(org.toString());
  }

  @Test
  void shippedWrite_roundTrip_givesTheSameAgentWrite() throws Exception {
    AgentWrite write =
        new AgentWrite(
            "claude-code",
            "s-1",
            Optional.of("claude-sonnet-4-5"),
            Instant.parse("2026-03-20T09:00:10.123456789Z"),
            temp.resolve("src/price.js").toAbsolutePath(),
            LineFingerprints.ofText("function formatPrice(cents) {\nreturn cents / 100;\n"));
    AgentWrite noModel =
        new AgentWrite(
            "codex",
            "s-2",
            Optional.empty(),
            Instant.parse("2026-03-20T09:00:10Z"),
            temp.resolve("a.js").toAbsolutePath(),
            LineFingerprints.empty());
    JobSettings settings =
        new JobSettings(
            "",
            "",
            false,
            true,
            24,
            List.of(JobSettings.ShippedWrite.of(write), JobSettings.ShippedWrite.of(noModel)));

    List<AgentWrite> back =
        roundTrip(settings).writes().stream().map(JobSettings.ShippedWrite::agentWrite).toList();

    assertThat(back).containsExactly(write, noModel);
  }

  private static JobSettings roundTrip(JobSettings settings) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(settings);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (JobSettings) in.readObject();
    }
  }
}
