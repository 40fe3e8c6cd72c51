package dev.loopwatch.evals.judgment;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secrets in text with {@code [REDACTED:kind]} before any of it leaves the machine, and
 * counts what it replaced per kind.
 *
 * <p><b>Rules</b>, applied in this order so that a specific rule names a secret before a generic
 * one sees it:
 *
 * <ul>
 *   <li>{@code private_key}: a PEM {@code -----BEGIN ... PRIVATE KEY-----} block to its END line,
 *       or to the end of the text when the reader cut it short;
 *   <li>{@code anthropic_key} {@code sk-ant-...}, {@code openai_key} {@code sk-...} (20 or more key
 *       characters, which {@code sk-} followed by a word does not reach);
 *   <li>{@code aws_access_key}: {@code AKIA} or {@code ASIA} and 16 upper-case letters or digits;
 *   <li>{@code github_token}: {@code ghp_}, {@code gho_}, {@code ghu_}, {@code ghs_}, {@code ghr_}
 *       and 36 characters, or {@code github_pat_} and 22 or more;
 *   <li>{@code slack_token}: {@code xoxb-}, {@code xoxp-}, {@code xoxa-}, {@code xoxs-};
 *   <li>{@code google_api_key}: {@code AIza} and 35 characters;
 *   <li>{@code stripe_key}: {@code sk_live_}, {@code sk_test_}, {@code rk_live_}, {@code rk_test_}
 *       and 16 or more characters;
 *   <li>{@code huggingface_token}: {@code hf_} and 30 or more letters and digits;
 *   <li>{@code jwt}: three base64url parts, the first starting {@code eyJ};
 *   <li>{@code bearer_token}: the token after {@code Bearer } (16 or more token characters);
 *   <li>{@code url_password}: the password of {@code scheme://user:password@host};
 *   <li>{@code password}: the value of an assignment ({@code =} or {@code :}) to a name containing
 *       {@code password}, {@code passwd} or {@code pwd}, six or more characters, not a placeholder
 *       ({@code ***}, {@code <...>}, {@code $VAR}, {@code ${...}}) and not a call;
 *   <li>{@code secret_assignment}: the value of an assignment to a name containing {@code key},
 *       {@code token}, {@code secret} or {@code credential} that looks random: 16 or more
 *       characters, letters and digits both, and a Shannon entropy of at least 3.5 bits per
 *       character. A value that is a git object id (40 or 64 hex digits) or a UUID assigned to a
 *       {@code key} name is kept (a cache key, a commit, a session id); assigned to a {@code
 *       token}, {@code secret} or {@code credential} name it is redacted, since older tokens had
 *       exactly that form.
 * </ul>
 *
 * <p>Free-standing hex commit ids and UUIDs match no rule. The patterns follow the token formats
 * the providers document (GitHub "About authentication to GitHub", AWS IAM identifiers, Slack token
 * types); the entropy test is the usual one of secret scanners such as truffleHog and
 * detect-secrets, written here from the definition.
 */
public final class Redactor {

  private static final double MIN_ENTROPY = 3.5;
  private static final String VALUE_END = "(?=$|[\\s\"'`,;&)\\]}])";

  private record Rule(String kind, Pattern pattern, int group) {}

  private static final List<Rule> RULES =
      List.of(
          new Rule(
              "private_key",
              Pattern.compile(
                  "-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----"
                      + "(?:[\\s\\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----|[\\s\\S]*)"),
              0),
          new Rule("anthropic_key", Pattern.compile("\\bsk-ant-[A-Za-z0-9_-]{20,}"), 0),
          new Rule(
              "openai_key",
              Pattern.compile("\\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}"),
              0),
          new Rule("aws_access_key", Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"), 0),
          new Rule(
              "github_token",
              Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{36,}\\b|\\bgithub_pat_[A-Za-z0-9_]{22,}"),
              0),
          new Rule("slack_token", Pattern.compile("\\bxox[bpas]-[A-Za-z0-9-]{10,}"), 0),
          new Rule("google_api_key", Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}"), 0),
          new Rule("stripe_key", Pattern.compile("\\b[sr]k_(?:live|test)_[0-9A-Za-z]{16,}"), 0),
          new Rule("huggingface_token", Pattern.compile("\\bhf_[A-Za-z0-9]{30,}\\b"), 0),
          new Rule(
              "jwt",
              Pattern.compile("\\beyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}"),
              0),
          new Rule(
              "bearer_token", Pattern.compile("(?i)\\bbearer\\s+([A-Za-z0-9._~+/-]{16,}=*)"), 1),
          new Rule(
              "url_password",
              Pattern.compile("\\b[A-Za-z][A-Za-z0-9+.-]*://[^\\s:/@\\[\\]]+:([^\\s/@\\[\\]]+)@"),
              1),
          new Rule(
              "password",
              Pattern.compile(
                  "(?i)\\b[A-Za-z0-9_.-]*(?:password|passwd|pwd)[A-Za-z0-9_.-]*[\"']?\\s*[:=]\\s*"
                      + "[\"']?([^\\s\"'`,;&()\\[\\]{}<>]{6,})"
                      + VALUE_END),
              1),
          new Rule(
              "secret_assignment",
              Pattern.compile(
                  "(?i)\\b(?<name>[A-Za-z0-9_.-]*(?:key|token|secret|credential)[A-Za-z0-9_.-]*)[\"']?"
                      + "\\s*[:=]\\s*[\"']?([A-Za-z0-9+/=_.~-]{16,})"
                      + VALUE_END),
              2));

  private static final Pattern PLACEHOLDER =
      Pattern.compile("^(?:\\*+|x+|X+|\\$\\{.*|\\$[A-Za-z_].*|%.*%|.*REDACTED.*|<.*>?)$");
  private static final Pattern TOKEN_NAME = Pattern.compile("(?i)token|secret|credential");
  private static final Pattern OBJECT_ID =
      Pattern.compile(
          "^(?:[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}"
              + "-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$");

  /**
   * Text with its secrets replaced, and how many of each kind were replaced.
   *
   * @param text the redacted text
   * @param counts replacements per kind, sorted by kind; kinds with none are absent
   */
  public record Result(String text, Map<String, Integer> counts) {
    /** Checks for nulls and copies the counts into a sorted map. */
    public Result {
      requireNonNull(text, "text is null");
      counts = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(counts));
    }

    /** Returns the number of replacements of every kind. */
    public int total() {
      return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  private Redactor() {}

  /** Returns the placeholder a secret of {@code kind} is replaced with. */
  public static String placeholder(String kind) {
    return "[REDACTED:" + kind + "]";
  }

  /** Returns {@code text} with its secrets replaced. */
  public static Result redact(String text) {
    requireNonNull(text, "text is null");
    Map<String, Integer> counts = new TreeMap<>();
    String current = text;
    for (Rule rule : RULES) {
      current = apply(rule, current, counts);
    }
    return new Result(current, counts);
  }

  private static String apply(Rule rule, String text, Map<String, Integer> counts) {
    Matcher matcher = rule.pattern().matcher(text);
    StringBuilder out = null;
    int copied = 0;
    while (matcher.find()) {
      int start = matcher.start(rule.group());
      int end = matcher.end(rule.group());
      String value = matcher.group(rule.group());
      if (!secret(rule.kind(), value, matcher)) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, copied, start).append(placeholder(rule.kind()));
      copied = end;
      counts.merge(rule.kind(), 1, Integer::sum);
    }
    if (out == null) {
      return text;
    }
    return out.append(text, copied, text.length()).toString();
  }

  private static boolean secret(String kind, String value, Matcher matcher) {
    if (value.contains("[REDACTED:")) {
      return false;
    }
    return switch (kind) {
      case "password", "url_password" -> !PLACEHOLDER.matcher(value).matches();
      case "secret_assignment" ->
          !PLACEHOLDER.matcher(value).matches()
              && !(OBJECT_ID.matcher(value).matches()
                  && !TOKEN_NAME.matcher(matcher.group("name")).find())
              && value.chars().anyMatch(Character::isDigit)
              && value.chars().anyMatch(Character::isLetter)
              && entropy(value) >= MIN_ENTROPY;
      default -> true;
    };
  }

  /** The Shannon entropy of {@code value}'s characters, in bits per character. */
  static double entropy(String value) {
    Map<Integer, Integer> frequencies = new TreeMap<>();
    value.chars().forEach(c -> frequencies.merge(c, 1, Integer::sum));
    double bits = 0;
    for (int count : frequencies.values()) {
      double p = count / (double) value.length();
      bits -= p * Math.log(p) / Math.log(2);
    }
    return bits;
  }
}
