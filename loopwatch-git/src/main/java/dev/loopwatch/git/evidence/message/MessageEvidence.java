package dev.loopwatch.git.evidence.message;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.git.evidence.Confidence;
import dev.loopwatch.git.evidence.Evidence;
import dev.loopwatch.git.evidence.EvidenceClass;
import dev.loopwatch.git.identity.Identity;
import dev.loopwatch.git.identity.IdentityKind;
import dev.loopwatch.git.identity.IdentityTable;
import dev.loopwatch.git.identity.ReviewBot;
import dev.loopwatch.git.identity.Trailers;
import dev.loopwatch.git.identity.Trailers.Trailer;
import dev.loopwatch.git.log.CommitInfo;
import dev.loopwatch.git.log.MessageLines;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Evidence that an agent took part in a commit, read from its message and identities.
 *
 * <p>Change-level (MEDIUM, counted) detectors: {@code co-author-trailer} (a {@code Co-authored-by}
 * trailer whose identity is an agent, with the model when the trailer's name says it), {@code
 * footer} (agent footers such as Claude Code's "Generated with" line, and trailers such as {@code
 * Made-with: Cursor}), {@code assisted-by} (kernel-style {@code Assisted-by: AGENT:MODEL}), {@code
 * agent-identity} (author or committer is an agent) and {@code aider-suffix} (the author's name
 * ends in aider's " (aider)").
 *
 * <p>WEAK (shown, never counted) detectors: {@code review-suggestion} (a {@code Co-authored-by}
 * trailer naming a code-review bot: GitHub adds one when a person commits a suggestion from
 * gemini-code-assist's review, so in google-gemini/gemini-cli a changelog commit carrying one such
 * trailer is not a Gemini-written change) and {@code aider-committer-suffix} (only the committer's
 * name ends in " (aider)": aider commits the user's own pending edits that way before making its
 * change, so the lines are the person's).
 *
 * <p>The patterns come from the data file {@code message-rules.toml}, the identities from the
 * identity table. Findings come in a fixed order (trailers in message order, then footer lines in
 * message order, then author before committer), each distinct finding once. Each names its rule in
 * {@link Evidence#source()} and the exact text in {@link Evidence#detail()} (trailers with their
 * key in canonical case, so one trailer written twice in different cases is one finding).
 */
public final class MessageEvidence {
  static final String CO_AUTHOR = "co-author-trailer";
  static final String FOOTER = "footer";
  static final String ASSISTED_BY = "assisted-by";
  static final String AGENT_IDENTITY = "agent-identity";
  static final String AIDER_SUFFIX = "aider-suffix";
  static final String AIDER_COMMITTER_SUFFIX = "aider-committer-suffix";
  static final String REVIEW_SUGGESTION = EvidenceClass.REVIEW_SUGGESTION_DETECTOR;
  private static final String UNKNOWN = "unknown";

  private final IdentityTable table;
  private final MessageRules rules;

  /** A detector that classifies identities with {@code table}. */
  public MessageEvidence(IdentityTable table) {
    this.table = requireNonNull(table, "table is null");
    this.rules = MessageRules.builtIn();
  }

  /**
   * The MEDIUM and WEAK evidence in {@code commit}, in a deterministic order, each distinct finding
   * once.
   */
  public List<Evidence> detect(CommitInfo commit) {
    requireNonNull(commit, "commit is null");
    Set<Evidence> found = new LinkedHashSet<>();
    for (Trailer trailer : Trailers.parse(commit.message())) {
      trailerEvidence(trailer, found);
    }
    for (String line : MessageLines.split(commit.message())) {
      for (MessageRules.Footer footer : rules.footers()) {
        if (footer instanceof MessageRules.LineFooter lineFooter
            && lineFooter.pattern().matcher(line).find()) {
          found.add(
              medium(
                  FOOTER,
                  footer.agent(),
                  Optional.empty(),
                  "footer line /" + lineFooter.pattern().pattern() + "/",
                  line.strip()));
        }
      }
    }
    identityEvidence("author", commit.authorName(), commit.authorEmail(), found);
    if (!commit.committerName().equals(commit.authorName())
        || !commit.committerEmail().equalsIgnoreCase(commit.authorEmail())) {
      identityEvidence("committer", commit.committerName(), commit.committerEmail(), found);
    }
    suffixEvidence(commit, found);
    return List.copyOf(found);
  }

  private void trailerEvidence(Trailer trailer, Set<Evidence> found) {
    if (trailer.hasKey("Co-authored-by")) {
      Optional<Identity> identity = trailer.identity(table);
      if (identity.isEmpty()) {
        return;
      }
      Optional<ReviewBot> reviewBot = table.reviewBot(identity.get().email());
      if (reviewBot.isPresent()) {
        found.add(
            new Evidence(
                REVIEW_SUGGESTION,
                Confidence.WEAK,
                reviewBot.get().agent(),
                Optional.empty(),
                "Co-authored-by review bot " + reviewBot.get().rule(),
                "Co-authored-by: " + trailer.value()));
      } else if (identity.get().kind() == IdentityKind.AGENT) {
        found.add(agentTrailer(CO_AUTHOR, identity.get(), trailer));
      }
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
        found.add(
            medium(
                FOOTER,
                footer.agent(),
                Optional.empty(),
                "footer trailer "
                    + trailerFooter.key()
                    + ": /"
                    + trailerFooter.value().pattern()
                    + "/",
                trailer.line()));
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
          .ifPresent(identity -> found.add(agentTrailer(ASSISTED_BY, identity, trailer)));
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
    String source =
        agent.isPresent()
            ? rules.assistedByKey() + " agent name " + agentName.strip().toLowerCase(Locale.ROOT)
            : rules.assistedByKey() + " unlisted agent name";
    found.add(
        medium(
            ASSISTED_BY,
            agent.orElse(UNKNOWN),
            model,
            source,
            rules.assistedByKey() + ": " + trailer.value()));
  }

  private Evidence agentTrailer(String detector, Identity identity, Trailer trailer) {
    String agent = identity.agent().orElse(UNKNOWN);
    Optional<String> model = Optional.empty();
    for (MessageRules.ModelRule rule : rules.coAuthorModels()) {
      Matcher matcher = rule.name().matcher(identity.name());
      if (rule.agent().equals(agent) && matcher.matches()) {
        model = Optional.of(matcher.group("model").strip());
        break;
      }
    }
    String key = detector.equals(ASSISTED_BY) ? rules.assistedByKey() : "Co-authored-by";
    String source = key + " identity " + table.rule(identity.email()).orElse("unknown");
    return medium(detector, agent, model, source, key + ": " + trailer.value());
  }

  private void identityEvidence(String role, String name, String email, Set<Evidence> found) {
    Identity identity = table.classify(name, email);
    if (identity.kind() == IdentityKind.AGENT) {
      found.add(
          medium(
              AGENT_IDENTITY,
              identity.agent().orElse(UNKNOWN),
              Optional.empty(),
              role + " identity " + table.rule(email).orElse("unknown"),
              role + ": " + name + " <" + email + ">"));
    }
  }

  /**
   * Aider's name suffix: on the author, change-level evidence; on the committer only, weak (aider
   * commits the user's pending edits with a human author and itself as committer).
   */
  private void suffixEvidence(CommitInfo commit, Set<Evidence> found) {
    String author = commit.authorName().strip();
    String committer = commit.committerName().strip();
    for (MessageRules.NameSuffix suffix : rules.nameSuffixes()) {
      if (author.toLowerCase(Locale.ROOT).endsWith(suffix.suffix())) {
        found.add(
            medium(
                AIDER_SUFFIX,
                suffix.agent(),
                Optional.empty(),
                "author name suffix " + suffix.suffix(),
                "author: " + author + " <" + commit.authorEmail() + ">"));
      } else if (committer.toLowerCase(Locale.ROOT).endsWith(suffix.suffix())) {
        found.add(
            new Evidence(
                AIDER_COMMITTER_SUFFIX,
                Confidence.WEAK,
                suffix.agent(),
                Optional.empty(),
                "committer name suffix " + suffix.suffix(),
                "committer: " + committer + " <" + commit.committerEmail() + ">"));
      }
    }
  }

  private static Evidence medium(
      String detector, String agent, Optional<String> model, String source, String detail) {
    return new Evidence(detector, Confidence.MEDIUM, agent, model, source, detail);
  }
}
