package dev.loopwatch.git.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loopwatch.git.evidence.Confidence;
import dev.loopwatch.git.evidence.Evidence;
import dev.loopwatch.git.evidence.message.MessageEvidence;
import dev.loopwatch.git.log.CommitInfo;
import dev.loopwatch.git.repo.Git;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Identities as real git prints them, with .mailmap applied. */
class IdentitiesInGitRepositoryTest {
  private static final String FORMAT = "%H%x1f%P%x1f%aN%x1f%aE%x1f%cN%x1f%cE%x1f%at%x1f%ct%x1f%B";

  @TempDir Path repository;
  private int tick;

  @BeforeEach
  void createRepository() throws Exception {
    git(List.of("-c", "init.defaultBranch=main", "init", "-q"), Map.of());
    git(List.of("config", "user.name", "Alice"), Map.of());
    git(List.of("config", "user.email", "alice@example.com"), Map.of());
    Files.writeString(
        repository.resolve(".mailmap"),
        "copilot-swe-agent[bot] <198982749+Copilot@users.noreply.github.com> Old Alias <old.alias@example.com>\n",
        StandardCharsets.UTF_8);
    git(List.of("add", ".mailmap"), Map.of());
    commit("Alice", "alice@example.com", "Add mailmap");
    commit("Old Alias", "old.alias@example.com", "Work done under an alias");
    commit(
        "devin-ai-integration[bot]",
        "158243242+devin-ai-integration[bot]@users.noreply.github.com",
        "Devin change");
    commit(
        "dependabot[bot]",
        "49699333+dependabot[bot]@users.noreply.github.com",
        "Bump lib from 1 to 2");
    commit(
        "Claude",
        "claude.dupont@example.com",
        "Human named Claude\n\nPaired with the agent.\n\nCo-Authored-By: Claude Opus 4.5 <noreply@anthropic.com>");
    commit("Bob (aider)", "bob@example.com", "aider: tweak");
  }

  @Test
  void log_mailmappedIdentities_classified() {
    List<CommitInfo> commits = log();
    IdentityTable table = IdentityTable.builtIn();

    List<Identity> authors =
        commits.stream().map(c -> table.classify(c.authorName(), c.authorEmail())).toList();

    assertThat(authors)
        .containsExactly(
            new Identity("Bob (aider)", "bob@example.com", IdentityKind.HUMAN, Optional.empty()),
            new Identity(
                "Claude", "claude.dupont@example.com", IdentityKind.HUMAN, Optional.empty()),
            new Identity(
                "dependabot[bot]",
                "49699333+dependabot[bot]@users.noreply.github.com",
                IdentityKind.BOT,
                Optional.of("dependabot")),
            new Identity(
                "devin-ai-integration[bot]",
                "158243242+devin-ai-integration[bot]@users.noreply.github.com",
                IdentityKind.AGENT,
                Optional.of("devin")),
            new Identity(
                "copilot-swe-agent[bot]",
                "198982749+Copilot@users.noreply.github.com",
                IdentityKind.AGENT,
                Optional.of("copilot")),
            new Identity("Alice", "alice@example.com", IdentityKind.HUMAN, Optional.empty()));
  }

  @Test
  void log_messageEvidenceAndCredit_perCommit() {
    List<CommitInfo> commits = log();
    IdentityTable table = IdentityTable.builtIn();
    MessageEvidence detector = new MessageEvidence(table);

    assertThat(commits.stream().map(detector::detect).toList())
        .containsExactly(
            List.of(
                new Evidence(
                    "aider-suffix",
                    Confidence.MEDIUM,
                    "aider",
                    Optional.empty(),
                    "author name suffix (aider)",
                    "author: Bob (aider) <bob@example.com>")),
            List.of(
                new Evidence(
                    "co-author-trailer",
                    Confidence.MEDIUM,
                    "claude-code",
                    Optional.of("Claude Opus 4.5"),
                    "Co-authored-by identity email noreply@anthropic.com",
                    "Co-authored-by: Claude Opus 4.5 <noreply@anthropic.com>")),
            List.of(),
            List.of(
                new Evidence(
                    "agent-identity",
                    Confidence.MEDIUM,
                    "devin",
                    Optional.empty(),
                    "author identity github-id 158243242",
                    "author: devin-ai-integration[bot] <158243242+devin-ai-integration[bot]@users.noreply.github.com>")),
            List.of(
                new Evidence(
                    "agent-identity",
                    Confidence.MEDIUM,
                    "copilot",
                    Optional.empty(),
                    "author identity github-id 198982749",
                    "author: copilot-swe-agent[bot] <198982749+Copilot@users.noreply.github.com>")),
            List.of());
    assertThat(
            commits.stream()
                .map(c -> Engineers.creditedHuman(c, table).map(Identity::name).orElse("-"))
                .toList())
        .containsExactly("Bob (aider)", "Claude", "Alice", "Alice", "Alice", "Alice");
  }

  private List<CommitInfo> log() {
    String out = Git.open(repository).run(List.of("log", "-z", "--format=" + FORMAT));
    List<CommitInfo> commits = new ArrayList<>();
    for (String record : out.split("\0")) {
      if (record.isEmpty()) {
        continue;
      }
      String[] f = record.split("\u001f", 9);
      List<String> parents = f[1].isEmpty() ? List.of() : Arrays.asList(f[1].split(" "));
      commits.add(
          new CommitInfo(
              f[0],
              parents,
              f[2],
              f[3],
              f[4],
              f[5],
              Instant.ofEpochSecond(Long.parseLong(f[6])),
              Instant.ofEpochSecond(Long.parseLong(f[7])),
              f[8]));
    }
    return commits;
  }

  private void commit(String name, String email, String message) throws Exception {
    String date = "2025-01-01T00:00:" + String.format("%02d", tick++) + "Z";
    git(
        List.of(
            "commit", "-q", "--allow-empty", "-m", message, "--author", name + " <" + email + ">"),
        Map.of("GIT_AUTHOR_DATE", date, "GIT_COMMITTER_DATE", date));
  }

  private void git(List<String> args, Map<String, String> environment)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(repository.toFile()).redirectErrorStream(true);
    builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    builder.environment().put("HOME", repository.toString());
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("git %s: %s", args, output).isZero();
  }
}
