package dev.loopwatch.git.evidence.message;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.loopwatch.core.config.ConfigSection;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The built-in message and merge-subject rules, read once from the data file {@code
 * message-rules.toml}.
 */
final class MessageRules {
  private static final String RESOURCE = "message-rules.toml";

  private final List<Footer> footers;
  private final List<ModelRule> coAuthorModels;
  private final String assistedByKey;
  private final Map<String, String> assistedByAgents;
  private final List<NameSuffix> nameSuffixes;
  private final List<Pattern> mergeSubjects;
  private final List<BranchPrefix> branchPrefixes;

  private MessageRules(ConfigSection root) {
    root.requireKnownKeys(
        Set.of(
            "footer",
            "co-author-model",
            "assisted-by",
            "name-suffix",
            "merge-subject",
            "branch-prefix"));
    List<Footer> footerList = new ArrayList<>();
    for (ConfigSection row : root.tables("footer")) {
      row.requireKnownKeys(Set.of("scope", "pattern", "key", "value", "agent"));
      String scope = required(row, "scope");
      String agent = required(row, "agent");
      switch (scope) {
        case "line" -> footerList.add(new LineFooter(regex(row, "pattern"), agent));
        case "trailer" ->
            footerList.add(new TrailerFooter(required(row, "key"), regex(row, "value"), agent));
        default -> throw row.fault("scope", "must be 'line' or 'trailer', got '" + scope + "'");
      }
    }
    this.footers = List.copyOf(footerList);
    List<ModelRule> models = new ArrayList<>();
    for (ConfigSection row : root.tables("co-author-model")) {
      row.requireKnownKeys(Set.of("agent", "name"));
      models.add(new ModelRule(required(row, "agent"), regex(row, "name", "model")));
    }
    this.coAuthorModels = List.copyOf(models);
    ConfigSection assistedBy = root.section("assisted-by");
    assistedBy.requireKnownKeys(Set.of("key", "agent"));
    this.assistedByKey = required(assistedBy, "key");
    Map<String, String> agents = new LinkedHashMap<>();
    for (ConfigSection row : assistedBy.tables("agent")) {
      row.requireKnownKeys(Set.of("names", "agent"));
      String agent = required(row, "agent");
      for (String name : row.strings("names")) {
        agents.putIfAbsent(normalizeToolName(name), agent);
      }
    }
    this.assistedByAgents = Map.copyOf(agents);
    List<NameSuffix> suffixes = new ArrayList<>();
    for (ConfigSection row : root.tables("name-suffix")) {
      row.requireKnownKeys(Set.of("suffix", "agent"));
      suffixes.add(
          new NameSuffix(required(row, "suffix").toLowerCase(Locale.ROOT), required(row, "agent")));
    }
    this.nameSuffixes = List.copyOf(suffixes);
    List<Pattern> subjects = new ArrayList<>();
    for (ConfigSection row : root.tables("merge-subject")) {
      row.requireKnownKeys(Set.of("pattern"));
      subjects.add(regex(row, "pattern", "branch"));
    }
    this.mergeSubjects = List.copyOf(subjects);
    List<BranchPrefix> prefixes = new ArrayList<>();
    for (ConfigSection row : root.tables("branch-prefix")) {
      row.requireKnownKeys(Set.of("prefix", "agent"));
      prefixes.add(
          new BranchPrefix(
              required(row, "prefix").toLowerCase(Locale.ROOT), required(row, "agent")));
    }
    this.branchPrefixes = List.copyOf(prefixes);
  }

  /** The built-in rules. */
  static MessageRules builtIn() {
    return BuiltIn.RULES;
  }

  List<Footer> footers() {
    return footers;
  }

  List<ModelRule> coAuthorModels() {
    return coAuthorModels;
  }

  String assistedByKey() {
    return assistedByKey;
  }

  /** The canonical agent for an Assisted-by AGENT name, if listed. */
  Optional<String> assistedByAgent(String name) {
    return Optional.ofNullable(assistedByAgents.get(normalizeToolName(name)));
  }

  List<NameSuffix> nameSuffixes() {
    return nameSuffixes;
  }

  List<Pattern> mergeSubjects() {
    return mergeSubjects;
  }

  List<BranchPrefix> branchPrefixes() {
    return branchPrefixes;
  }

  private static String normalizeToolName(String name) {
    return name.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  private static String required(ConfigSection row, String key) {
    String value = row.string(key).orElseThrow(() -> row.fault(key, "is missing"));
    if (value.isBlank()) {
      throw row.fault(key, "must not be blank");
    }
    return value;
  }

  private static Pattern regex(ConfigSection row, String key) {
    try {
      return Pattern.compile(required(row, key), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    } catch (PatternSyntaxException e) {
      throw row.fault(key, "is not a valid regex: " + e.getDescription());
    }
  }

  private static Pattern regex(ConfigSection row, String key, String group) {
    Pattern pattern = regex(row, key);
    if (!pattern.namedGroups().containsKey(group)) {
      throw row.fault(key, "needs a named group (?<" + group + ">...)");
    }
    return pattern;
  }

  private static MessageRules load() {
    try (InputStream in = MessageRules.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "built-in rules " + RESOURCE + " are missing from the class path");
      }
      JsonNode node = new TomlMapper().readTree(in);
      if (!(node instanceof ObjectNode object)) {
        throw new IllegalStateException("built-in rules " + RESOURCE + " are not a TOML table");
      }
      return new MessageRules(ConfigSection.of("message-rules", object, RESOURCE + " (built-in)"));
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read built-in rules " + RESOURCE + ": " + e.getMessage(), e);
    }
  }

  /** The built-in rules, loaded on first use. */
  private static final class BuiltIn {
    static final MessageRules RULES = load();
  }

  /** A footer rule: text that says an agent wrote the commit. */
  sealed interface Footer {
    /** The canonical agent the footer names. */
    String agent();
  }

  /**
   * A footer found anywhere in any line of the message.
   *
   * @param pattern found in the line
   * @param agent canonical agent id
   */
  record LineFooter(Pattern pattern, String agent) implements Footer {
    LineFooter {
      requireNonNull(pattern, "pattern is null");
      requireNonNull(agent, "agent is null");
    }
  }

  /**
   * A footer that is a trailer of the trailer block.
   *
   * @param key the trailer key, compared ignoring case
   * @param value matches the whole trailer value
   * @param agent canonical agent id
   */
  record TrailerFooter(String key, Pattern value, String agent) implements Footer {
    TrailerFooter {
      requireNonNull(key, "key is null");
      requireNonNull(value, "value is null");
      requireNonNull(agent, "agent is null");
    }
  }

  /**
   * Reads the model from an agent's co-author name.
   *
   * @param agent the canonical agent the co-author classified as
   * @param name matches the whole name; its group {@code model} is the model
   */
  record ModelRule(String agent, Pattern name) {
    ModelRule {
      requireNonNull(agent, "agent is null");
      requireNonNull(name, "name is null");
    }
  }

  /**
   * A suffix an agent appends to author and committer names.
   *
   * @param suffix lower-case suffix
   * @param agent canonical agent id
   */
  record NameSuffix(String suffix, String agent) {
    NameSuffix {
      requireNonNull(suffix, "suffix is null");
      requireNonNull(agent, "agent is null");
    }
  }

  /**
   * A branch name prefix an agent uses.
   *
   * @param prefix lower-case prefix, e.g. {@code claude/}
   * @param agent canonical agent id
   */
  record BranchPrefix(String prefix, String agent) {
    BranchPrefix {
      requireNonNull(prefix, "prefix is null");
      requireNonNull(agent, "agent is null");
    }
  }
}
