package dev.loopwatch.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loopwatch.core.config.Config;
import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsConfigTest {
  @TempDir Path temp;

  private ModelsConfig read(String toml) throws IOException {
    Path file = temp.resolve("loopwatch.toml");
    Files.writeString(file, toml);
    return ModelsConfig.of(Config.loadFiles(List.of(file)));
  }

  private Path file() {
    return temp.resolve("loopwatch.toml");
  }

  @Test
  void of_everyProvider_defaultsFilled() throws IOException {
    ModelsConfig config =
        read(
            """
            [models.judge]
            provider = "anthropic"
            model = "claude-sonnet-4-5"

            [models.local]
            provider = "openai"
            model = "qwen2.5-coder"
            base-url = "http://localhost:11434/v1"
            requests-per-minute = 60
            cache-expiry = "12h"

            [models.cli]
            provider = "command"
            command = ["sh", "wrap.sh"]
            timeout-seconds = 30

            [models.recorded]
            provider = "replay"
            file = "answers.jsonl"
            """);

    assertThat(config.all())
        .extracting(ModelSpec::name)
        .containsExactly("judge", "local", "cli", "recorded");
    ModelSpec judge = config.spec("judge");
    assertThat(judge.baseUrl()).isEqualTo("https://api.anthropic.com");
    assertThat(judge.apiKeyEnv()).hasValue("ANTHROPIC_API_KEY");
    ModelSpec local = config.spec("local");
    assertThat(local.apiKeyEnv()).isEmpty();
    assertThat(local.requestsPerMinute()).hasValue(60);
    assertThat(local.cacheExpiry()).isEqualTo(Duration.ofHours(12));
    assertThat(config.spec("cli").command()).containsExactly("sh", "wrap.sh");
    assertThat(config.spec("cli").timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.spec("recorded").file()).hasValue(Path.of("answers.jsonl"));
  }

  @Test
  void of_unknownProvider_namesFileKeyAndKnownOnes() {
    assertThatThrownBy(() -> read("[models.x]\nprovider = \"gemini\"\nmodel = \"m\"\n"))
        .isInstanceOf(LoopwatchException.class)
        .hasMessage(
            file()
                + ": 'models.x.provider' names an unknown provider 'gemini' (known: anthropic,"
                + " openai, command, replay)");
  }

  @Test
  void of_missingModel_namesKey() {
    assertThatThrownBy(() -> read("[models.x]\nprovider = \"openai\"\n"))
        .hasMessage(file() + ": 'models.x.model' is missing (the provider's model id)");
  }

  @Test
  void of_badBaseUrl_namesKey() {
    assertThatThrownBy(() ->
            read(
                "[models.x]\nprovider = \"openai\"\nmodel = \"m\"\nbase-url = \"localhost:8000\"\n"))
        .hasMessage(file() + ": 'models.x.base-url' must be an http or https URL: localhost:8000");
  }

  @Test
  void of_unknownKey_rejected() {
    assertThatThrownBy(
            () -> read("[models.x]\nprovider = \"openai\"\nmodel = \"m\"\napi_key = \"sk-1\"\n"))
        .hasMessageStartingWith(file() + ": unknown key 'models.x.api_key'");
  }

  @Test
  void of_invalidToml_namesFileAndLine() {
    assertThatThrownBy(() -> read("[models.x\nprovider = 1\n"))
        .isInstanceOf(LoopwatchException.class)
        .hasMessageStartingWith(file() + ":1:");
  }

  @Test
  void spec_unknownName_listsConfigured() throws IOException {
    ModelsConfig config = read("[models.judge]\nprovider = \"anthropic\"\nmodel = \"m\"\n");

    assertThatThrownBy(() -> config.spec("judg"))
        .hasMessage("no model 'judg' in " + file() + " [models] (configured: judge)");
  }

  @Test
  void apiKey_variableUnset_namesVariable() throws IOException {
    ModelSpec spec =
        read("[models.judge]\nprovider = \"anthropic\"\nmodel = \"m\"\n").spec("judge");

    assertThatThrownBy(() -> ModelsConfig.apiKey(spec, Map.of()))
        .isInstanceOfSatisfying(
            LoopwatchException.class,
            e -> assertThat(e.kind()).isEqualTo(LoopwatchException.Kind.USER_INPUT))
        .hasMessage(
            "model 'judge': environment variable ANTHROPIC_API_KEY is not set (the API key; "
                + file()
                + " [models.judge] api-key-env)");
    assertThat(ModelsConfig.apiKey(spec, Map.of("ANTHROPIC_API_KEY", "k")))
        .isEqualTo(Optional.of("k"));
  }
}
