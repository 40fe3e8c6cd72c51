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
 */
public final class IdentityTable {
  private static final String RESOURCE = "identities.toml";
  private static final Pattern GITHUB_NOREPLY =
      Pattern.compile("([0-9]{1,18})\\+[^@]+@users\\.noreply\\.github\\.com");
  private static final Pattern AGENT_ID = Pattern.compile("[a-z0-9][a-z0-9.-]*");
  private static final long MAX_GITHUB_ID = 1L << 53;

  private final List<Layer> layers;
  private final Set<String> webFlowEmails;

  private IdentityTable(List<Layer> layers, Set<String> webFlowEmails) {
    this.layers = List.copyOf(layers);
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
   * {@code github-id}, and {@code agent}) and {@code [[identities.bot]]} tables (the same matchers,
   * and {@code name}).
   *
   * @throws dev.loopwatch.core.error.LoopwatchException USER_INPUT naming the key at fault for
   *     unknown keys, rows with no or several matchers, invalid regexes or ids, and missing agent
   *     ids or bot names
   */
  public IdentityTable withConfig(ConfigSection identities) {
    requireNonNull(identities, "identities is null");
    identities.requireKnownKeys(Set.of("agent", "bot"));
    List<Layer> combined = new ArrayList<>();
    combined.add(Layer.of(rows(identities)));
    combined.addAll(layers);
    return new IdentityTable(combined, webFlowEmails);
  }

  /** Classifies the identity {@code name <email>}; an identity no row matches is HUMAN. */
  public Identity classify(String name, String email) {
    requireNonNull(name, "name is null");
    requireNonNull(email, "email is null");
    String normalized = normalize(email);
    OptionalLong githubId = githubId(normalized);
    for (Layer layer : layers) {
      Optional<IdentityRule> rule = layer.match(normalized, githubId);
      if (rule.isPresent()) {
        return new Identity(name, email, rule.get().kind(), Optional.of(rule.get().label()));
      }
    }
    return new Identity(name, email, IdentityKind.HUMAN, Optional.empty());
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
    section.requireKnownKeys(Set.of("agent", "bot", "web-flow"));
    ConfigSection webFlow = section.section("web-flow");
    webFlow.requireKnownKeys(Set.of("emails"));
    Set<String> webFlowEmails = new LinkedHashSet<>();
    for (String email : webFlow.strings("emails")) {
      webFlowEmails.add(normalize(email));
    }
    return new IdentityTable(List.of(Layer.of(rows(section))), Set.copyOf(webFlowEmails));
  }

  /** The built-in table, loaded on first use. */
  private static final class BuiltIn {
    static final IdentityTable TABLE = load();
  }

  /** The rows of one source (a config section or the built-in file), indexed for lookup. */
  private record Layer(
      Map<String, IdentityRule> byEmail,
      Map<Long, IdentityRule> byGithubId,
      List<IdentityRule> regexes) {
    static Layer of(List<IdentityRule> rules) {
      Map<String, IdentityRule> byEmail = new LinkedHashMap<>();
      Map<Long, IdentityRule> byGithubId = new LinkedHashMap<>();
      List<IdentityRule> regexes = new ArrayList<>();
      for (IdentityRule rule : rules) {
        switch (rule.matcher()) {
          case IdentityRule.Email email -> byEmail.putIfAbsent(email.email(), rule);
          case IdentityRule.GithubId id -> byGithubId.putIfAbsent(id.id(), rule);
          case IdentityRule.EmailRegex regex -> regexes.add(rule);
        }
      }
      return new Layer(Map.copyOf(byEmail), Map.copyOf(byGithubId), List.copyOf(regexes));
    }

    Optional<IdentityRule> match(String email, OptionalLong githubId) {
      IdentityRule exact = byEmail.get(email);
      if (exact != null) {
        return Optional.of(exact);
      }
      if (githubId.isPresent()) {
        IdentityRule byId = byGithubId.get(githubId.getAsLong());
        if (byId != null) {
          return Optional.of(byId);
        }
      }
      for (IdentityRule rule : regexes) {
        if (rule.matcher() instanceof IdentityRule.EmailRegex regex
            && regex.pattern().matcher(email).matches()) {
          return Optional.of(rule);
        }
      }
      return Optional.empty();
    }
  }
}
