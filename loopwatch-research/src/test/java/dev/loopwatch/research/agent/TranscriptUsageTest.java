package dev.loopwatch.research.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.core.cost.Prices;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens and dollars from a Claude Code transcript in an agent's HOME. */
class TranscriptUsageTest {
  private static final String SESSION = "0b6c3c0e-1f6a-4c8e-9d7e-5a1b2c3d4e5f";

  @TempDir Path temp;

  private static void transcript(Path projects) throws Exception {
    Path folder = Files.createDirectories(projects.resolve("-work"));
    Files.writeString(
        folder.resolve(SESSION + ".jsonl"),
        "{\"isSidechain\":false,\"userType\":\"external\",\"cwd\":\"/work\",\"sessionId\":\""
            + SESSION
            + "\",\"version\":\"2.1.190\",\"parentUuid\":null,\"uuid\":\"u1\",\"timestamp\":"
            + "\"2026-12-07T08:00:00.000Z\",\"type\":\"user\",\"message\":{\"role\":\"user\","
            + "\"content\":\"start\"}}\n"
            + "{\"isSidechain\":false,\"userType\":\"external\",\"cwd\":\"/work\",\"sessionId\":\""
            + SESSION
            + "\",\"version\":\"2.1.190\",\"parentUuid\":\"u1\",\"uuid\":\"u2\",\"timestamp\":"
            + "\"2026-12-07T08:00:05.000Z\",\"type\":\"assistant\",\"requestId\":\"r1\","
            + "\"message\":{\"id\":\"m1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
            + "\"claude-sonnet-4-5-20250929\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],"
            + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":1000,"
            + "\"output_tokens\":1000000}}}\n");
  }

  @Test
  void read_claudeTranscriptInHome_tokensAndCost() throws Exception {
    Path home = Files.createDirectories(temp.resolve("home"));
    transcript(home.resolve(".claude/projects"));

    TranscriptUsage usage = TranscriptUsage.read(home, Prices.defaults());

    assertThat(usage.tokens()).isEqualTo(1_001_000L);
    assertThat(usage.costUsd()).isGreaterThan(1.0);
    assertThat(usage.unpricedModels()).isEmpty();
  }

  @Test
  void read_transcriptFolderIsALinkOutOfHome_notCounted() throws Exception {
    Path elsewhere = temp.resolve("host-claude");
    transcript(elsewhere.resolve("projects"));
    Path home = Files.createDirectories(temp.resolve("home"));
    Files.createSymbolicLink(home.resolve(".claude"), elsewhere);

    assertThat(TranscriptUsage.read(home, Prices.defaults()).tokens()).isZero();
    assertThat(
            TranscriptUsage.read(Files.createDirectories(temp.resolve("empty")), Prices.defaults()))
        .isEqualTo(TranscriptUsage.NONE);
  }
}
