package dev.loopwatch.git.identity;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.loopwatch.core.config.ConfigSection;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The table that classifies git identities as coding agents, automation bots or (by default)
 * people.
 *
 * <p>The built-in rows live in the data file {@code identities.toml} next to this class; a {@code
 * [identities]} section of loopwatch.toml adds rows without a rebuild, and its rows win over the
 * built-in ones. Rows match on the email only: the whole email (case-insensitive), the numeric
 * account id of a GitHub noreply email ({@code <id>+<login>@users.noreply.github.com}, so renamed
 * logins still match) or a whole-email regex. Within one layer exact emails and ids win over
 * regexes, and the first matching regex in file order wins. Display names are never looked at:
 * people are called Claude or Devin too.
 *
 * <p>A separate list of the same layers names code-review bots ({@code [[review-bot]]}): a {@code
 * Co-authored-by} trailer with a review bot's email means a person committed that bot's review
 * suggestion, not that an agent wrote the change. {@link #reviewBot} looks them up; {@link
 * #classify} does not (a review bot acting as author or committer is classified by the identity
 * rows, usually as an automation bot).
 */
public final class IdentityTable {
  private static final String RESOURCE = "identities.toml";
  private static final Pattern GITHUB_NOREPLY =
      Pattern.compile("([0-9]{1,18})\\+[^@]+@users\\.noreply\\.github\\.com");
  private static final Pattern AGENT_ID = Pattern.compile("[a-z0-9][a-z0-9.-]*");
  private static final long MAX_GITHUB_ID = 1L << 53;

  private final List<Layer<IdentityRule>> layers;
  private final List<Layer<ReviewBotRule>> reviewLayers;
  private final Set<String> webFlowEmails;

  private IdentityTable(
      List<Layer<IdentityRule>> layers,
      List<Layer<ReviewBotRule>> reviewLayers,
      Set<String> webFlowEmails) {
    this.layers = List.copyOf(layers);
    this.reviewLayers = List.copyOf(reviewLayers);
    this.webFlowEmails = webFlowEmails;
  }

  /**
   * The built-in table (coding agents and common automation bots), read once from {@code
   * identities.toml}.
   */
  public static IdentityTable builtIn() {
    return BuiltIn.TABLE;
  }

  /**
   * This table extended by the {@code [identities]} section of loopwatch.toml, whose rows take
   * precedence.
   *
   * <p>The section holds {@code [[identities.agent]]} tables ({@code email}, {@code email-regex} or
   * {@code github-id}, and {@code agent}), {@code [[identities.bot]]} tables (the same matchers,
   * and {@code name}) and {@code [[identities.review-bot]]} tables (the same matchers, {@code name}
   * and {@code agent}).
   *
   * @throws dev.loopwatch.core.error.LoopwatchException USER_INPUT naming the key at fault for
   *     unknown keys, rows with no or several matchers, invalid regexes or ids, and missing agent
   *     ids or bot names
   */
  public IdentityTable withConfig(ConfigSection identities) {
    requireNonNull(identities, "identities is null");
    identities.requireKnownKeys(Set.of("agent", "bot", "review-bot"));
    List<Layer<IdentityRule>> combined = new ArrayList<>();
    combined.add(Layer.of(rows(identities)));
    combined.addAll(layers);
    List<Layer<ReviewBotRule>> combinedReview = new ArrayList<>();
    combinedReview.add(Layer.of(reviewRows(identities)));
    combinedReview.addAll(reviewLayers);
    return new IdentityTable(combined, combinedReview, webFlowEmails);
  }

  /** Classifies the identity {@code name <email>}; an identity no row matches is HUMAN. */
  public Identity classify(String name, String email) {
    requireNonNull(name, "name is null");
    requireNonNull(email, "email is null");
    String normalized = normalize(email);
    OptionalLong githubId = githubId(normalized);
    Optional<IdentityRule> rule = first(layers, normalized, githubId);
    if (rule.isPresent()) {
      return new Identity(name, email, rule.get().kind(), Optional.of(rule.get().label()));
    }
    return new Identity(name, email, IdentityKind.HUMAN, Optional.empty());
  }

  /**
   * The identity row that classifies {@code email}, as written in the table (e.g. {@code github-id
   * 175728472}, {@code email noreply@anthropic.com}); empty for an email no row matches.
   */
  public Optional<String> rule(String email) {
    requireNonNull(email, "email is null");
    String normalized = normalize(email);
    return first(layers, normalized, githubId(normalized)).map(r -> r.matcher().describe());
  }

  /** The code-review bot whose row matches {@code email}, if any. */
  public Optional<ReviewBot> reviewBot(String email) {
    requireNonNull(email, "email is null");
    String normalized = normalize(email);
    return first(reviewLayers, normalized, githubId(normalized))
        .map(r -> new ReviewBot(r.name(), r.agent(), r.matcher().describe()));
  }

  private static <R extends Row> Optional<R> first(
      List<Layer<R>> layers, String normalized, OptionalLong githubId) {
    for (Layer<R> layer : layers) {
      Optional<R> rule = layer.match(normalized, githubId);
      if (rule.isPresent()) {
        return rule;
      }
    }
    return Optional.empty();
  }

  /**
   * Whether {@code email} is a forge's web-flow identity (GitHub {@code noreply@github.com} ...),
   * not a person's.
   */
  public boolean isWebFlow(String email) {
    requireNonNull(email, "email is null");
    return webFlowEmails.contains(normalize(email));
  }

  /**
   * The numeric account id in a GitHub noreply email ({@code
   * <id>+<login>@users.noreply.github.com}).
   */
  static OptionalLong githubId(String email) {
    Matcher matcher = GITHUB_NOREPLY.matcher(normalize(email));
    return matcher.matches()
        ? OptionalLong.of(Long.parseLong(matcher.group(1)))
        : OptionalLong.empty();
  }

  private static String normalize(String email) {
    return email.strip().toLowerCase(Locale.ROOT);
  }

  private static List<IdentityRule> rows(ConfigSection section) {
    List<IdentityRule> rules = new ArrayList<>();
    for (ConfigSection row : section.tables("agent")) {
      row.requireKnownKeys(Set.of("email", "email-regex", "github-id", "agent"));
      String agent =
          row.string("agent")
              .orElseThrow(() ->
                  row.fault("agent", "is missing (a canonical agent id such as claude-code)"));
      if (!AGENT_ID.matcher(agent).matches()) {
        throw row.fault(
            "agent", "must be a lower-case agent id such as claude-code, got '" + agent + "'");
      }
      rules.add(new IdentityRule(matcher(row), IdentityKind.AGENT, agent));
    }
    for (ConfigSection row : section.tables("bot")) {
      row.requireKnownKeys(Set.of("email", "email-regex", "github-id", "name"));
      String name =
          row.string("name").orElseThrow(() -> row.fault("name", "is missing (the bot's name)"));
      if (name.isBlank()) {
        throw row.fault("name", "must not be blank");
      }
      rules.add(new IdentityRule(matcher(row), IdentityKind.BOT, name.strip()));
    }
    return rules;
  }

  private static List<ReviewBotRule> reviewRows(ConfigSection section) {
    List<ReviewBotRule> rules = new ArrayList<>();
    for (ConfigSection row : section.tables("review-bot")) {
      row.requireKnownKeys(Set.of("email", "email-regex", "github-id", "name", "agent"));
      String name =
          row.string("name").orElseThrow(() -> row.fault("name", "is missing (the bot's name)"));
      if (name.isBlank()) {
        throw row.fault("name", "must not be blank");
      }
      String agent =
          row.string("agent")
              .orElseThrow(() ->
                  row.fault("agent", "is missing (the agent family, such as gemini or copilot)"));
      if (!AGENT_ID.matcher(agent).matches()) {
        throw row.fault(
            "agent", "must be a lower-case agent id such as gemini, got '" + agent + "'");
      }
      rules.add(new ReviewBotRule(matcher(row), name.strip(), agent));
    }
    return rules;
  }

  private static IdentityRule.Matcher matcher(ConfigSection row) {
    Optional<String> email = row.string("email");
    Optional<String> regex = row.string("email-regex");
    Optional<Double> githubId = row.number("github-id");
    int present =
        (email.isPresent() ? 1 : 0) + (regex.isPresent() ? 1 : 0) + (githubId.isPresent() ? 1 : 0);
    if (present != 1) {
      throw row.fault(
          "email", "or email-regex or github-id: exactly one is required, found " + present);
    }
    if (email.isPresent()) {
      if (email.get().isBlank() || !email.get().contains("@")) {
        throw row.fault("email", "must be an email address, got '" + email.get() + "'");
      }
      return new IdentityRule.Email(normalize(email.get()));
    }
    if (regex.isPresent()) {
      try {
        return new IdentityRule.EmailRegex(
            Pattern.compile(regex.get(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
      } catch (PatternSyntaxException e) {
        throw row.fault("email-regex", "is not a valid regex: " + e.getDescription());
      }
    }
    double id = githubId.orElseThrow();
    if (id != Math.rint(id) || id < 1 || id > MAX_GITHUB_ID) {
      throw row.fault(
          "github-id", "must be a positive whole number (a GitHub account id), got " + id);
    }
    return new IdentityRule.GithubId((long) id);
  }

  private static IdentityTable load() {
    ObjectNode root;
    try (InputStream in = IdentityTable.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "built-in identity table " + RESOURCE + " is missing from the class path");
      }
      JsonNode node = new TomlMapper().readTree(in);
      if (!(node instanceof ObjectNode object)) {
        throw new IllegalStateException(
            "built-in identity table " + RESOURCE + " is not a TOML table");
      }
      root = object;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read built-in identity table " + RESOURCE + ": " + e.getMessage(), e);
    }
    ConfigSection section = ConfigSection.of("identities", root, RESOURCE + " (built-in)");
    section.requireKnownKeys(Set.of("agent", "bot", "review-bot", "web-flow"));
    ConfigSection webFlow = section.section("web-flow");
    webFlow.requireKnownKeys(Set.of("emails"));
    Set<String> webFlowEmails = new LinkedHashSet<>();
    for (String email : webFlow.strings("emails")) {
      webFlowEmails.add(normalize(email));
    }
    return new IdentityTable(
        List.of(Layer.of(rows(section))),
        List.of(Layer.of(reviewRows(section))),
        Set.copyOf(webFlowEmails));
  }

  /** The built-in table, loaded on first use. */
  private static final class BuiltIn {
    static final IdentityTable TABLE = load();
  }

  /** A table row: something matched by an email matcher. */
  interface Row {
    /** How the row matches an email. */
    IdentityRule.Matcher matcher();
  }

  /**
   * One {@code [[review-bot]]} row.
   *
   * @param matcher which emails the row matches
   * @param name the bot's name
   * @param agent the canonical agent family
   */
  record ReviewBotRule(IdentityRule.Matcher matcher, String name, String agent) implements Row {
    ReviewBotRule {
      requireNonNull(matcher, "matcher is null");
      requireNonNull(name, "name is null");
      requireNonNull(agent, "agent is null");
    }
  }

  /** The rows of one source (a config section or the built-in file), indexed for lookup. */
  private record Layer<R extends Row>(
      Map<String, R> byEmail, Map<Long, R> byGithubId, List<R> regexes) {
    static <R extends Row> Layer<R> of(List<R> rules) {
      Map<String, R> byEmail = new LinkedHashMap<>();
      Map<Long, R> byGithubId = new LinkedHashMap<>();
      List<R> regexes = new ArrayList<>();
      for (R rule : rules) {
        switch (rule.matcher()) {
          case IdentityRule.Email email -> byEmail.putIfAbsent(email.email(), rule);
          case IdentityRule.GithubId id -> byGithubId.putIfAbsent(id.id(), rule);
          case IdentityRule.EmailRegex regex -> regexes.add(rule);
        }
      }
      return new Layer<>(Map.copyOf(byEmail), Map.copyOf(byGithubId), List.copyOf(regexes));
    }

    Optional<R> match(String email, OptionalLong githubId) {
      R exact = byEmail.get(email);
      if (exact != null) {
        return Optional.of(exact);
      }
      if (githubId.isPresent()) {
        R byId = byGithubId.get(githubId.getAsLong());
        if (byId != null) {
          return Optional.of(byId);
        }
      }
      for (R rule : regexes) {
        if (rule.matcher() instanceof IdentityRule.EmailRegex regex
            && regex.pattern().matcher(email).matches()) {
          return Optional.of(rule);
        }
      }
      return Optional.empty();
    }
  }
}
