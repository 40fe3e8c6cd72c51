package dev.loopwatch.git.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.loopwatch.core.config.ConfigSection;
import dev.loopwatch.core.error.LoopwatchException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdentityTableTest {
  private final IdentityTable table = IdentityTable.builtIn();

  @ParameterizedTest(name = "{0} <{1}> is {2} {3}")
  @CsvSource({
    "Claude, noreply@anthropic.com, AGENT, claude-code",
    "Claude Opus 4.5, NoReply@Anthropic.com, AGENT, claude-code",
    "claude[bot], 209825114+claude[bot]@users.noreply.github.com, AGENT, claude-code",
    "claude-code-action[bot], 208546643+claude-code-action[bot]@users.noreply.github.com, AGENT, claude-code",
    "copilot-swe-agent[bot], 198982749+Copilot@users.noreply.github.com, AGENT, copilot",
    "Copilot, 175728472+Copilot@users.noreply.github.com, AGENT, copilot",
    "cursor[bot], 206951365+cursor[bot]@users.noreply.github.com, AGENT, cursor",
    "Cursor Agent, cursoragent@cursor.com, AGENT, cursor",
    "aider (gpt-4o), aider@aider.chat, AGENT, aider",
    "aider, noreply@aider.chat, AGENT, aider",
    "aider, noreply@aider.dev, AGENT, aider",
    "Codex, noreply@openai.com, AGENT, codex",
    "Codex, codex@openai.com, AGENT, codex",
    "chatgpt-codex-connector[bot], 199175422+chatgpt-codex-connector[bot]@users.noreply.github.com, AGENT, codex",
    "openai-codex[bot], 215057067+openai-codex[bot]@users.noreply.github.com, AGENT, codex",
    "devin-ai-integration[bot], 158243242+devin-ai-integration[bot]@users.noreply.github.com, AGENT, devin",
    "google-labs-jules[bot], 161369871+google-labs-jules[bot]@users.noreply.github.com, AGENT, jules",
    "gemini-code-assist[bot], 176961590+gemini-code-assist[bot]@users.noreply.github.com, BOT, github-app",
    "amazon-q-developer[bot], 208079219+amazon-q-developer[bot]@users.noreply.github.com, AGENT, amazon-q",
    "openhands, openhands@all-hands.dev, AGENT, openhands",
    "Amp, amp@ampcode.com, AGENT, amp",
    "dependabot[bot], 49699333+dependabot[bot]@users.noreply.github.com, BOT, dependabot",
    "renovate[bot], 29139614+renovate[bot]@users.noreply.github.com, BOT, renovate",
    "github-actions[bot], 41898282+github-actions[bot]@users.noreply.github.com, BOT, github-actions",
    "pre-commit-ci[bot], 66853113+pre-commit-ci[bot]@users.noreply.github.com, BOT, pre-commit-ci",
    "snyk-bot, snyk-bot@snyk.io, BOT, snyk-bot",
    "greenkeeper, support@greenkeeper.io, BOT, greenkeeper",
    "mergify[bot], 37929162+mergify[bot]@users.noreply.github.com, BOT, mergify",
    "ImgBotApp, ImgBotHelp@gmail.com, BOT, imgbot",
    "allcontributors[bot], 46447321+allcontributors[bot]@users.noreply.github.com, BOT, allcontributors",
    "codecov[bot], 22429695+codecov[bot]@users.noreply.github.com, BOT, codecov",
    "semantic-release-bot, semantic-release-bot@martynus.net, BOT, semantic-release-bot",
    "GitLab Bot, gitlab-bot@gitlab.com, BOT, gitlab-bot",
  })
  void classify_knownIdentity_kindAndAgent(
      String name, String email, IdentityKind kind, String agent) {
    Identity identity = table.classify(name, email);

    assertThat(identity).isEqualTo(new Identity(name, email, kind, Optional.of(agent)));
  }

  @Test
  void classify_githubIdWithRenamedLogin_matchesById() {
    Identity identity =
        table.classify("Copilot", "198982749+copilot-renamed@users.noreply.github.com");

    assertThat(identity.kind()).isEqualTo(IdentityKind.AGENT);
    assertThat(identity.agent()).contains("copilot");
  }

  @Test
  void classify_knownLoginWithOtherId_fallsToGenericBotRule() {
    Identity identity =
        table.classify(
            "devin-ai-integration[bot]", "1+devin-ai-integration[bot]@users.noreply.github.com");

    assertThat(identity.kind()).isEqualTo(IdentityKind.BOT);
    assertThat(identity.agent()).contains("github-app");
  }

  @Test
  void classify_workflowCommitterActionsAtGithub_bot() {
    Identity identity = table.classify("GitHub Actions", "actions@github.com");

    assertThat(identity.kind()).isEqualTo(IdentityKind.BOT);
    assertThat(identity.agent()).contains("github-actions");
  }

  @Test
  void classify_gitlabProjectTokenBot_botByRegex() {
    Identity identity =
        table.classify("Deploy token", "project_123_bot_7f3a9c2e1b@noreply.gitlab.com");

    assertThat(identity.kind()).isEqualTo(IdentityKind.BOT);
    assertThat(identity.agent()).contains("gitlab-token-bot");
  }

  @Test
  void classify_gitlabSelfManagedGroupBot_botByRegex() {
    Identity identity = table.classify("Group token", "group_42_bot@noreply.git.example.org");

    assertThat(identity.kind()).isEqualTo(IdentityKind.BOT);
  }

  @Test
  void classify_unlistedGithubAppWithId_genericBot() {
    Identity identity =
        table.classify("some-app[bot]", "12345+some-app[bot]@users.noreply.github.com");

    assertThat(identity)
        .isEqualTo(
            new Identity(
                "some-app[bot]",
                "12345+some-app[bot]@users.noreply.github.com",
                IdentityKind.BOT,
                Optional.of("github-app")));
  }

  @Test
  void classify_unlistedGithubAppWithoutId_genericBot() {
    Identity identity =
        table.classify("azure-pipelines[bot]", "azure-pipelines[bot]@users.noreply.github.com");

    assertThat(identity.kind()).isEqualTo(IdentityKind.BOT);
  }

  @Test
  void classify_humanGithubNoreply_human() {
    Identity identity = table.classify("Jane Doe", "1234567+janedoe@users.noreply.github.com");

    assertThat(identity)
        .isEqualTo(
            new Identity(
                "Jane Doe",
                "1234567+janedoe@users.noreply.github.com",
                IdentityKind.HUMAN,
                Optional.empty()));
  }

  @Test
  void classify_unknownIdentity_human() {
    Identity identity = table.classify("Alice", "alice@example.com");

    assertThat(identity)
        .isEqualTo(
            new Identity("Alice", "alice@example.com", IdentityKind.HUMAN, Optional.empty()));
  }

  @Test
  void classify_humanNamedClaudeWithPersonalEmail_human() {
    assertThat(table.classify("Claude", "claude.dupont@gmail.com").kind())
        .isEqualTo(IdentityKind.HUMAN);
    assertThat(table.classify("Devin", "devin@example.com").kind()).isEqualTo(IdentityKind.HUMAN);
    assertThat(table.classify("Copilot", "pilot@airline.example").kind())
        .isEqualTo(IdentityKind.HUMAN);
  }

  @Test
  void classify_emailWithSurroundingSpaces_matches() {
    assertThat(table.classify("Amp", "  AMP@ampcode.com ").agent()).contains("amp");
  }

  @Test
  void withConfig_agentEmailRegexAndIdRows_classifyAsAgents() throws Exception {
    IdentityTable configured =
        table.withConfig(
            config(
                """
                [[identities.agent]]
                email = "ci-agent@corp.example"
                agent = "claude-code"

                [[identities.agent]]
                email-regex = '.*@agents\\.corp\\.example'
                agent = "codex"

                [[identities.agent]]
                github-id = 555
                agent = "windsurf"
                """));

    assertThat(configured.classify("CI", "CI-Agent@corp.example").agent()).contains("claude-code");
    assertThat(configured.classify("x", "runner-7@agents.corp.example").agent()).contains("codex");
    assertThat(configured.classify("x", "555+whoever@users.noreply.github.com").agent())
        .contains("windsurf");
    assertThat(configured.classify("x", "bob@corp.example").kind()).isEqualTo(IdentityKind.HUMAN);
    assertThat(configured.classify("Claude", "noreply@anthropic.com").agent())
        .contains("claude-code");
  }

  @Test
  void withConfig_botRowForBuiltInAgent_overridesBuiltIn() throws Exception {
    IdentityTable configured =
        table.withConfig(
            config(
                """
                [[identities.bot]]
                github-id = 198982749
                name = "mirror-bot"

                [[identities.bot]]
                email = "cursoragent@cursor.com"
                name = "cursor-mirror"
                """));

    assertThat(
            configured.classify(
                "copilot-swe-agent[bot]", "198982749+Copilot@users.noreply.github.com"))
        .isEqualTo(
            new Identity(
                "copilot-swe-agent[bot]",
                "198982749+Copilot@users.noreply.github.com",
                IdentityKind.BOT,
                Optional.of("mirror-bot")));
    assertThat(configured.classify("Cursor Agent", "cursoragent@cursor.com").kind())
        .isEqualTo(IdentityKind.BOT);
    assertThat(table.classify("Cursor Agent", "cursoragent@cursor.com").kind())
        .isEqualTo(IdentityKind.AGENT);
  }

  @Test
  void withConfig_configRegexOverridesBuiltInExactEmail_configWins() throws Exception {
    IdentityTable configured =
        table.withConfig(
            config(
                """
                [[identities.bot]]
                email-regex = '.*@anthropic\\.com'
                name = "anthropic-automation"
                """));

    assertThat(configured.classify("Claude", "noreply@anthropic.com").kind())
        .isEqualTo(IdentityKind.BOT);
  }

  @Test
  void withConfig_emptySection_sameAsBuiltIn() throws Exception {
    IdentityTable configured = table.withConfig(config(""));

    assertThat(configured.classify("Amp", "amp@ampcode.com").agent()).contains("amp");
  }

  @Test
  void withConfig_unknownRowKey_rejectedNamingKey() throws Exception {
    ConfigSection section =
        config(
            """
            [[identities.agent]]
            emial = "x@example.com"
            agent = "codex"
            """);

    assertThatThrownBy(() -> table.withConfig(section))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(
            "loopwatch.toml: unknown key 'identities.agent[0].emial' (known: agent, email, email-regex, github-id)");
  }

  @Test
  void withConfig_unknownSectionKey_rejected() throws Exception {
    ConfigSection section =
        config(
            """
            [[identities.agents]]
            email = "x@example.com"
            agent = "codex"
            """);

    assertThatThrownBy(() -> table.withConfig(section))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(
            "loopwatch.toml: unknown key 'identities.agents' (known: agent, bot, review-bot)");
  }

  @Test
  void withConfig_twoMatchers_rejected() throws Exception {
    ConfigSection section =
        config(
            """
            [[identities.bot]]
            email = "x@example.com"
            github-id = 12
            name = "x"
            """);

    assertThatThrownBy(() -> table.withConfig(section))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(
            "loopwatch.toml: 'identities.bot[0].email' or email-regex or github-id: exactly one is required, found 2");
  }

  @Test
  void withConfig_invalidRegex_rejected() throws Exception {
    ConfigSection section =
        config(
            """
            [[identities.agent]]
            email-regex = '(unclosed'
            agent = "codex"
            """);

    assertThatThrownBy(() -> table.withConfig(section))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageStartingWith(
            "loopwatch.toml: 'identities.agent[0].email-regex' is not a valid regex: ");
  }

  @Test
  void withConfig_fractionalGithubId_rejected() throws Exception {
    ConfigSection section =
        config(
            """
            [[identities.agent]]
            github-id = 1.5
            agent = "codex"
            """);

    assertThatThrownBy(() -> table.withConfig(section))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(
            "loopwatch.toml: 'identities.agent[0].github-id' must be a positive whole number (a GitHub account id), got 1.5");
  }

  @Test
  void withConfig_missingAgent_rejected() throws Exception {
    ConfigSection section =
        config(
            """
            [[identities.agent]]
            email = "x@example.com"
            """);

    assertThatThrownBy(() -> table.withConfig(section))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(
            "loopwatch.toml: 'identities.agent[0].agent' is missing (a canonical agent id such as claude-code)");
  }

  @Test
  void withConfig_badAgentId_rejected() throws Exception {
    ConfigSection section =
        config(
            """
            [[identities.agent]]
            email = "x@example.com"
            agent = "Claude Code"
            """);

    assertThatThrownBy(() -> table.withConfig(section))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(
            "loopwatch.toml: 'identities.agent[0].agent' must be a lower-case agent id such as claude-code, got 'Claude Code'");
  }

  @Test
  void isWebFlow_forgeIdentities_true() {
    assertThat(table.isWebFlow("noreply@github.com")).isTrue();
    assertThat(table.isWebFlow("NoReply@GitLab.com")).isTrue();
    assertThat(table.isWebFlow("alice@example.com")).isFalse();
  }

  @Test
  void githubId_noreplyForms_parsed() {
    assertThat(IdentityTable.githubId("49699333+dependabot[bot]@users.noreply.github.com"))
        .hasValue(49699333L);
    assertThat(IdentityTable.githubId("dependabot[bot]@users.noreply.github.com")).isEmpty();
    assertThat(IdentityTable.githubId("49699333+x@example.com")).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "176961590+gemini-code-assist[bot]@users.noreply.github.com | gemini-code-assist | gemini"
            + " | github-id 176961590",
        "gemini-code-assist[bot]@users.noreply.github.com | gemini-code-assist | gemini"
            + " | email gemini-code-assist[bot]@users.noreply.github.com",
        "175728472+copilot-pull-request-reviewer[bot]@users.noreply.github.com"
            + " | copilot-pull-request-reviewer | copilot"
            + " | email-regex '([0-9]+\\+)?copilot-pull-request-reviewer\\[bot\\]@users\\.noreply\\.github\\.com'",
        "136622811+coderabbitai[bot]@users.noreply.github.com | coderabbitai | coderabbit"
            + " | github-id 136622811",
        "58596630+sourcery-ai[bot]@users.noreply.github.com | sourcery-ai | sourcery"
            + " | github-id 58596630",
      })
  void reviewBot_builtInReviewBots_nameAgentAndRule(
      String email, String name, String agent, String rule) {
    assertThat(table.reviewBot(email)).contains(new ReviewBot(name, agent, rule));
  }

  @Test
  void reviewBot_copilotCoAuthorAndAgents_notReviewBots() {
    assertThat(table.reviewBot("175728472+Copilot@users.noreply.github.com")).isEmpty();
    assertThat(table.reviewBot("noreply@anthropic.com")).isEmpty();
    assertThat(table.reviewBot("alice@example.com")).isEmpty();
  }

  @Test
  void rule_agentRows_describeTheMatchingRow() {
    assertThat(table.rule("NoReply@Anthropic.com")).contains("email noreply@anthropic.com");
    assertThat(table.rule("175728472+Copilot@users.noreply.github.com"))
        .contains("github-id 175728472");
    assertThat(table.rule("alice@example.com")).isEmpty();
  }

  @Test
  void withConfig_reviewBotRow_addsReviewBotWithoutRebuild() throws Exception {
    IdentityTable configured =
        table.withConfig(
            config(
                """
                [[identities.review-bot]]
                github-id = 424242
                name = "acme-review"
                agent = "acme"
                """));

    assertThat(configured.reviewBot("424242+acme-review[bot]@users.noreply.github.com"))
        .contains(new ReviewBot("acme-review", "acme", "github-id 424242"));
    assertThat(table.reviewBot("424242+acme-review[bot]@users.noreply.github.com")).isEmpty();
    assertThat(configured.reviewBot("176961590+gemini-code-assist[bot]@users.noreply.github.com"))
        .map(ReviewBot::name)
        .contains("gemini-code-assist");
  }

  @Test
  void withConfig_reviewBotWithoutAgent_rejectedNamingKey() throws Exception {
    ConfigSection section =
        config(
            """
            [[identities.review-bot]]
            email = "review@acme.example"
            name = "acme-review"
            """);

    assertThatThrownBy(() -> table.withConfig(section))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageContaining("agent");
  }

  static ConfigSection config(String toml) throws Exception {
    ObjectNode root = (ObjectNode) new TomlMapper().readTree(toml);
    ObjectNode identities =
        root.has("identities") ? (ObjectNode) root.get("identities") : root.objectNode();
    return ConfigSection.of("identities", identities, "loopwatch.toml");
  }
}
