package dev.loopwatch.git.evidence.message;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.git.evidence.Confidence;
import dev.loopwatch.git.evidence.Evidence;
import dev.loopwatch.git.identity.Identity;
import dev.loopwatch.git.identity.IdentityKind;
import dev.loopwatch.git.identity.IdentityTable;
import dev.loopwatch.git.identity.Trailers;
import dev.loopwatch.git.identity.Trailers.Trailer;
import dev.loopwatch.git.log.CommitInfo;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Change-level (MEDIUM) evidence that an agent took part in a commit, read from its message and
 * identities.
 *
 * <p>Detectors: {@code co-author-trailer} (a {@code Co-authored-by} trailer whose identity is an
 * agent, with the model when the trailer's name says it), {@code footer} (agent footers such as
 * Claude Code's "Generated with" line, and trailers such as {@code Made-with: Cursor}), {@code
 * assisted-by} (kernel-style {@code Assisted-by: AGENT:MODEL}), {@code agent-identity} (author or
 * committer is an agent) and {@code aider-suffix} (aider's " (aider)" name suffix). The patterns
 * come from the data file {@code message-rules.toml}. Findings come in that order (trailers in
 * message order, then footer lines in message order, then author before committer), each distinct
 * finding once.
 */
public final class MessageEvidence {
  static final String CO_AUTHOR = "co-author-trailer";
  static final String FOOTER = "footer";
  static final String ASSISTED_BY = "assisted-by";
  static final String AGENT_IDENTITY = "agent-identity";
  static final String AIDER_SUFFIX = "aider-suffix";
  private static final String UNKNOWN = "unknown";

  private final IdentityTable table;
  private final MessageRules rules;

  /** A detector that classifies identities with {@code table}. */
  public MessageEvidence(IdentityTable table) {
    this.table = requireNonNull(table, "table is null");
    this.rules = MessageRules.builtIn();
  }

  /**
   * The MEDIUM evidence in {@code commit}, in a deterministic order, each distinct finding once.
   */
  public List<Evidence> detect(CommitInfo commit) {
    requireNonNull(commit, "commit is null");
    Set<Evidence> found = new LinkedHashSet<>();
    for (Trailer trailer : Trailers.parse(commit.message())) {
      trailerEvidence(trailer, found);
    }
    for (String line : commit.message().split("\r?\n|\r", -1)) {
      for (MessageRules.Footer footer : rules.footers()) {
        if (footer instanceof MessageRules.LineFooter lineFooter
            && lineFooter.pattern().matcher(line).find()) {
          found.add(medium(FOOTER, footer.agent(), Optional.empty(), line.strip()));
        }
      }
    }
    identityEvidence(commit.authorName(), commit.authorEmail(), found);
    identityEvidence(commit.committerName(), commit.committerEmail(), found);
    suffixEvidence(commit.authorName(), found);
    suffixEvidence(commit.committerName(), found);
    return List.copyOf(found);
  }

  private void trailerEvidence(Trailer trailer, Set<Evidence> found) {
    if (trailer.hasKey("Co-authored-by")) {
      trailer
          .identity(table)
          .filter(identity -> identity.kind() == IdentityKind.AGENT)
          .ifPresent(identity -> found.add(agentTrailer(CO_AUTHOR, identity, trailer.value())));
      return;
    }
    if (trailer.hasKey(rules.assistedByKey())) {
      assistedBy(trailer, found);
      return;
    }
    for (MessageRules.Footer footer : rules.footers()) {
      if (footer instanceof MessageRules.TrailerFooter trailerFooter
          && trailer.hasKey(trailerFooter.key())
          && trailerFooter.value().matcher(trailer.value()).matches()) {
        found.add(medium(FOOTER, footer.agent(), Optional.empty(), trailer.line()));
      }
    }
  }

  private void assistedBy(Trailer trailer, Set<Evidence> found) {
    String value = trailer.value();
    if (value.isEmpty()) {
      return;
    }
    if (value.contains("<") && value.contains("@")) {
      trailer
          .identity(table)
          .filter(identity -> identity.kind() == IdentityKind.AGENT)
          .ifPresent(identity -> found.add(agentTrailer(ASSISTED_BY, identity, value)));
      return;
    }
    int colon = value.indexOf(':');
    String agentName = colon < 0 ? value : value.substring(0, colon);
    Optional<String> model = Optional.empty();
    if (colon >= 0) {
      String rest = value.substring(colon + 1).strip();
      if (!rest.isEmpty()) {
        model = Optional.of(rest.split("\\s+", 2)[0]);
      }
    }
    Optional<String> agent = rules.assistedByAgent(agentName);
    if (colon < 0 && agent.isEmpty()) {
      // Free-form disclosures such as "Assisted-by: Claude Opus 4.6" (git.git's convention) name a
      // model, not a tool.
      model = Optional.of(value.strip());
    }
    found.add(medium(ASSISTED_BY, agent.orElse(UNKNOWN), model, value));
  }

  private Evidence agentTrailer(String detector, Identity identity, String detail) {
    String agent = identity.agent().orElse(UNKNOWN);
    Optional<String> model = Optional.empty();
    for (MessageRules.ModelRule rule : rules.coAuthorModels()) {
      Matcher matcher = rule.name().matcher(identity.name());
      if (rule.agent().equals(agent) && matcher.matches()) {
        model = Optional.of(matcher.group("model").strip());
        break;
      }
    }
    return medium(detector, agent, model, detail);
  }

  private void identityEvidence(String name, String email, Set<Evidence> found) {
    Identity identity = table.classify(name, email);
    if (identity.kind() == IdentityKind.AGENT) {
      found.add(
          medium(
              AGENT_IDENTITY,
              identity.agent().orElse(UNKNOWN),
              Optional.empty(),
              name + " <" + email + ">"));
    }
  }

  private void suffixEvidence(String name, Set<Evidence> found) {
    String normalized = name.strip().toLowerCase(Locale.ROOT);
    for (MessageRules.NameSuffix suffix : rules.nameSuffixes()) {
      if (normalized.endsWith(suffix.suffix())) {
        found.add(medium(AIDER_SUFFIX, suffix.agent(), Optional.empty(), name.strip()));
      }
    }
  }

  private static Evidence medium(
      String detector, String agent, Optional<String> model, String detail) {
    return new Evidence(detector, Confidence.MEDIUM, agent, model, detail);
  }
}
