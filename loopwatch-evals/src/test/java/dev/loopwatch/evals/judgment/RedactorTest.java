package dev.loopwatch.evals.judgment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {

  // Samples in the documented formats; none of them is a live credential.
  private static final String ANTHROPIC =
      "sk-ant-api03-Qx7vN2mK9pL4rT8wZ1bC6dF3gH5jS0aE-yU7iO2pA9sD4fG6hJ1kL3zX8cV5bN0mQ-AbCdEfAA";
  private static final String OPENAI = "sk-proj-4fGh7Jk2Lm9Np3Qr6St8Uv1Wx5Yz0Ab4Cd7Ef2Gh9Ij";
  private static final String AWS = "AKIAIOSFODNN7EXAMPLE";
  private static final String GITHUB = "ghp_R4nd0mL00k1ngT0k3nV4lu3xYz0123456789";
  private static final String GITHUB_PAT =
      "github_pat_11ABCDEFG0123456789abc_dEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQr";
  private static final String SLACK = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx";
  private static final String GOOGLE = "AIzaSyD4x9Qw3Er7Ty1Ui5Op8As2Df6Gh0Jk3Lz";
  private static final String JWT =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
          + "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

  @ParameterizedTest
  @CsvSource(
      delimiterString = " | ",
      value = {
        "export ANTHROPIC_API_KEY=" + ANTHROPIC + " | anthropic_key",
        "client = OpenAI(api_key=\"" + OPENAI + "\") | openai_key",
        "aws configure set aws_access_key_id " + AWS + " | aws_access_key",
        "git clone https://" + GITHUB + "@github.com/acme/app | github_token",
        "GH_TOKEN " + GITHUB_PAT + " gh pr list | github_token",
        "curl -d token=" + SLACK + " https://slack.com/api/chat.postMessage | slack_token",
        "maps?key=" + GOOGLE + "&q=berlin | google_api_key",
        "curl -H 'Authorization: Bearer ab12Cd34Ef56Gh78Ij90Kl12' https://api | bearer_token",
        "cookie session=" + JWT + " | jwt",
        "psql postgres://app:S3cr3t-Pass@db.internal:5432/app | url_password",
        "DB_PASSWORD=hunter2hunter2 ./run.sh | password",
        "config: {\"password\": \"correct-horse-battery\"} | password",
        "STRIPE_SECRET=rk9Xq2Lm7Pz4Vb8Nc1Tw6Hy3Jd5 npm start | secret_assignment",
        "token: 3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39 | secret_assignment",
        "stripe.api_key = 'sk_live_51HxAbCdEfGhIjKlMnOpQrStUv' | stripe_key",
        "curl -u rk_test_4eC39HqLyjWDarjtT1zdp7dc: https://api.stripe.com | stripe_key",
        "huggingface-cli login --token hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789 | huggingface_token",
      })
  void redact_sample_replacesItWithItsKind(String text, String kind) {
    Redactor.Result result = Redactor.redact(text);

    assertThat(result.counts()).isEqualTo(Map.of(kind, 1));
    assertThat(result.text()).contains(Redactor.placeholder(kind));
  }

  @Test
  void redact_urlPassword_keepsTheUserAndHost() {
    assertThat(
            Redactor.redact("git remote add origin https://alice:pa55w0rd@git.example.com/x")
                .text())
        .isEqualTo("git remote add origin https://alice:[REDACTED:url_password]@git.example.com/x");
  }

  @Test
  void redact_bearer_keepsTheWordBearer() {
    assertThat(Redactor.redact("Authorization: Bearer ab12Cd34Ef56Gh78Ij90Kl12").text())
        .isEqualTo("Authorization: Bearer [REDACTED:bearer_token]");
  }

  @Test
  void redact_privateKeyBlock_replacesTheWholeBlock() {
    String text =
        "cat id_ed25519\n-----BEGIN OPENSSH PRIVATE KEY-----\n"
            + "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
            + "QyNTUxOQAAACDqX2mN0pQ7rS9tU1vW3xY5zA7bC9dE1fG3hI5jK7lM9nO1pQAAAJgAAAAA\n"
            + "-----END OPENSSH PRIVATE KEY-----\ndone";

    Redactor.Result result = Redactor.redact(text);

    assertThat(result.text()).isEqualTo("cat id_ed25519\n[REDACTED:private_key]\ndone");
    assertThat(result.total()).isEqualTo(1);
  }

  @Test
  void redact_privateKeyCutShortByTheReader_replacesToTheEnd() {
    String text = "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7a9Xw2…";

    assertThat(Redactor.redact(text).text()).isEqualTo("key:\n[REDACTED:private_key]");
  }

  @Test
  void redact_severalSecrets_countsEachKind() {
    String text =
        "A=" + AWS + " B=" + AWS + " C=" + GITHUB + " https://u:topsecret1@h/ " + ANTHROPIC;

    assertThat(Redactor.redact(text).counts())
        .containsExactly(
            Map.entry("anthropic_key", 1),
            Map.entry("aws_access_key", 2),
            Map.entry("github_token", 1),
            Map.entry("url_password", 1));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "commit 3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39 fixed it",
        "git show 3f2a9c1",
        "[main 1a2b3c4] Fix null config loaders",
        "session 1f0e2d3c-4b5a-4c6d-8e7f-901234567890 resumed",
        "cache_key = 3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39",
        "session_key: 1f0e2d3c-4b5a-4c6d-8e7f-901234567890",
        "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "String password = request.getParameter(\"pw\");",
        "if (password == null) return;",
        "password: ${DB_PASSWORD}",
        "PASSWORD=$DB_PASSWORD ./run.sh",
        "password=******** (masked)",
        "the password: must be long",
        "primary_key = user_id",
        "token_count = 123456789",
        "max_tokens: 4096",
        "sort_key=created_at_descending",
        "pip install scikit-learn; disk-ant-farm sk-learn",
        "git@github.com:acme/app.git",
        "https://github.com/acme/app/pull/12",
        "http://localhost:8080/path@v2",
        "Bearer of bad news",
        "The AWS key id starts with AKIA but this is prose",
        "private key handling in KeyStore.java",
      })
  void redact_ordinaryText_leavesItAlone(String text) {
    Redactor.Result result = Redactor.redact(text);

    assertThat(result.text()).isEqualTo(text);
    assertThat(result.counts()).isEmpty();
  }

  @Test
  void redact_twice_findsNothingNew() {
    String once = Redactor.redact("api_key=" + OPENAI + " token=" + SLACK).text();

    assertThat(Redactor.redact(once).counts()).isEmpty();
  }

  @Test
  void entropy_uniformAlphabet_isLogOfItsSize() {
    assertThat(Redactor.entropy("abcdefgh")).isEqualTo(3.0);
    assertThat(Redactor.entropy("aaaa")).isEqualTo(0.0);
  }
}
