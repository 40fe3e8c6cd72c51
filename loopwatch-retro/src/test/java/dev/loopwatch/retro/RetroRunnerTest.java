package dev.loopwatch.retro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.loopwatch.core.progress.Progress;
import dev.loopwatch.core.stats.Bootstrap;
import dev.loopwatch.core.stats.Wilson;
import dev.loopwatch.git.repo.Git;
import dev.loopwatch.git.szz.SzzOptions;
import dev.loopwatch.git.szz.SzzResult.LineRef;
import dev.loopwatch.retro.RetroResult.Controls;
import dev.loopwatch.retro.RetroResult.Funnel;
import dev.loopwatch.retro.RetroResult.IncidentResult;
import dev.loopwatch.retro.RetroResult.Rate;
import dev.loopwatch.retro.RetroResult.ReviewerSummary;
import dev.loopwatch.retro.RetroResult.Stage;
import dev.loopwatch.retro.review.CommandReviewer;
import dev.loopwatch.retro.review.Finding;
import dev.loopwatch.retro.review.ModelCalls;
import dev.loopwatch.retro.review.ReviewOutcome;
import dev.loopwatch.retro.review.ReviewRequest;
import dev.loopwatch.retro.review.Reviewer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole retrospective on a fixture repository with known incidents. */
class RetroRunnerTest {
  @TempDir Path temp;

  private RetroResult run(RetroFixture fixture, int window, boolean judged) {
    return run(fixture, window, judged ? Optional.of(fixture.judge) : Optional.empty());
  }

  private RetroResult run(RetroFixture fixture, int window, Optional<Path> judge) {
    List<Reviewer> reviewers =
        List.of(
            CommandReviewer.of(fixture.marker.toString()),
            CommandReviewer.of(fixture.elsewhere.toString()),
            CommandReviewer.of(fixture.crash.toString()));
    RetroOptions options =
        new RetroOptions(
            SzzOptions.defaults(),
            new CatchRule(window),
            judge.<Judge>map(
                command -> new CommandJudge(command.toString(), temp, Duration.ofSeconds(60))),
            RetroOptions.DEFAULT_MAX_JUDGED,
            3,
            7,
            200,
            temp.resolve("work"));
    return new RetroRunner(Git.open(fixture.repo.root()), reviewers, options)
        .run(Incidents.read(fixture.incidents), Progress.silent());
  }

  @Test
  void run_fixtureIncidents_producesExactFunnelAndEvidence() throws Exception {
    RetroFixture fixture = RetroFixture.create(temp);

    RetroResult result = run(fixture, 0, false);

    assertThat(result.incidents())
        .extracting(IncidentResult::stage)
        .containsExactly(
            Stage.REVIEWED, Stage.FIX_NOT_FOUND, Stage.NO_INTRODUCING_CHANGE, Stage.REVIEWED);
    IncidentResult first = result.incidents().get(0);
    assertThat(first.introducing()).contains(fixture.intro);
    assertThat(first.declared()).isFalse();
    assertThat(first.buggyLines()).containsExactly(new LineRef("src/Calc.java", 3));
    assertThat(first.reviews().get(0).strictCatch())
        .contains(new Finding("src/Calc.java", 3, 3, "suspicious", ""));
    assertThat(first.reviews().get(2).error()).contains("exited with code 1: model unavailable");
    assertThat(result.incidents().get(1).detail())
        .startsWith("fix commit 'deadbeefdeadbeef' is not in ");
    assertThat(result.incidents().get(2).detail()).startsWith("SZZ: untraceable: ");
    IncidentResult pr = result.incidents().get(3);
    assertThat(pr.introducing()).contains(fixture.prIntro);
    assertThat(pr.head()).contains(fixture.prHead);
    assertThat(pr.buggyLines()).containsExactly(new LineRef("src/Pr.java", 5));
    assertThat(pr.reviews().get(0).strictCatch())
        .contains(new Finding("src/Pr.java", 5, 5, "suspicious", ""));

    ReviewerSummary marker = result.summaries().get(0);
    assertThat(marker.reviewer()).isEqualTo("marker.sh");
    assertThat(marker.funnel()).isEqualTo(new Funnel(4, 3, 2, 2, 2, 0, 0, 2, 2, 0, 0));
    assertThat(marker.strict()).isEqualTo(new Rate(2, 2, Optional.of(Wilson.interval(2, 2, 0.95))));
    assertThat(marker.strict().interval().orElseThrow().low()).isCloseTo(0.3424, within(1e-4));
    assertThat(marker.judgedRate()).isEmpty();
    assertThat(marker.strictBySeverity().keySet()).containsExactly("sev1", "sev2");
    assertThat(marker.controls().reviewed()).isEqualTo(3);
    assertThat(marker.controls().findings()).isEqualTo(1);
    assertThat(marker.controls().flagged()).isEqualTo(1);
    assertThat(marker.controls().perChange().orElseThrow().estimate()).isEqualTo(1.0 / 3);
    assertThat(marker.costUsd()).isEqualByComparingTo(new BigDecimal("2.5"));
    assertThat(marker.costReports()).isEqualTo(5);

    ReviewerSummary elsewhere = result.summaries().get(1);
    assertThat(elsewhere.funnel()).isEqualTo(new Funnel(4, 3, 2, 2, 2, 0, 0, 2, 0, 0, 0));
    assertThat(elsewhere.strict().interval())
        .contains(Wilson.interval(0, 2, 0.95))
        .hasValueSatisfying(interval -> assertThat(interval.high()).isGreaterThan(0.6));
    assertThat(elsewhere.controls())
        .isEqualTo(
            new Controls(3, 0, 0, 3, 3, Optional.of(new Bootstrap.Interval(1.0, 1.0, 1.0, 0.95))));

    ReviewerSummary crash = result.summaries().get(2);
    assertThat(crash.funnel()).isEqualTo(new Funnel(4, 3, 2, 2, 2, 0, 2, 0, 0, 0, 0));
    assertThat(crash.strict()).isEqualTo(new Rate(0, 0, Optional.empty()));
    assertThat(crash.controls()).isEqualTo(new Controls(0, 0, 3, 0, 0, Optional.empty()));
    assertThat(result.controls()).hasSize(3).doesNotContain(fixture.intro, fixture.prIntro);
  }

  @Test
  void run_budgetStopsAfterFirstReview_restNotReviewedNeverMissed() throws Exception {
    RetroFixture fixture = RetroFixture.create(temp);
    ModelCalls oneCall = new ModelCalls(1, 0, 10, 5, new BigDecimal("0.01"), 0, BigDecimal.ZERO);
    Reviewer budgeted =
        new Reviewer() {
          private int reviews;

          @Override
          public String name() {
            return "budgeted";
          }

          @Override
          public ReviewOutcome review(ReviewRequest request) {
            return reviews++ == 0
                ? new ReviewOutcome.Reviewed(
                    List.of(new Finding("src/Calc.java", 3, 3, "wrong sign", "error")),
                    Duration.ZERO,
                    oneCall.knownCostUsd(),
                    Optional.of(oneCall))
                : new ReviewOutcome.StoppedByBudget("budget of 1 calls used up", Duration.ZERO);
          }
        };
    Judge judge = (finding, fixDiff, summary) -> new Judge.Verdict.StoppedByBudget("budget");
    RetroOptions options =
        new RetroOptions(
            SzzOptions.defaults(),
            CatchRule.defaults(),
            Optional.of(judge),
            RetroOptions.DEFAULT_MAX_JUDGED,
            1,
            7,
            200,
            temp.resolve("work"));

    RetroResult result =
        new RetroRunner(Git.open(fixture.repo.root()), List.of(budgeted), options)
            .run(Incidents.read(fixture.incidents), Progress.silent());

    ReviewerSummary summary = result.summaries().getFirst();
    assertThat(summary.funnel()).isEqualTo(new Funnel(4, 3, 2, 2, 2, 0, 0, 1, 1, 0, 0, 1, 1));
    assertThat(summary.strict().reviewed()).isEqualTo(1);
    assertThat(summary.judgedRate().orElseThrow().reviewed()).isZero();
    assertThat(summary.controls().stoppedByBudget()).isEqualTo(1);
    assertThat(summary.controls().reviewed()).isZero();
    assertThat(summary.modelCalls()).contains(oneCall);
    assertThat(result.stoppedByBudget()).isTrue();
    assertThat(result.incidents().get(3).reviews().getFirst().stoppedByBudget())
        .contains("budget of 1 calls used up");
    assertThat(result.incidents().get(0).reviews().getFirst().judgeStopped()).isTrue();
  }

  @Test
  void run_withJudge_reportsJudgedSeparately() throws Exception {
    RetroFixture fixture = RetroFixture.create(temp);

    RetroResult result = run(fixture, 5, true);

    assertThat(result.judged()).isTrue();
    assertThat(result.summaries().get(0).funnel())
        .isEqualTo(new Funnel(4, 3, 2, 2, 2, 0, 0, 2, 2, 2, 0));
    assertThat(result.summaries().get(0).judgedRate().orElseThrow().caught()).isEqualTo(2);
    assertThat(result.summaries().get(1).funnel())
        .isEqualTo(new Funnel(4, 3, 2, 2, 2, 0, 0, 2, 0, 0, 0));
    assertThat(result.incidents().get(0).reviews().get(0).judgedCatch().orElseThrow().reason())
        .isEqualTo("names it");
  }

  @Test
  void run_judgeAlwaysFails_judgedRateHasNoDenominator() throws Exception {
    RetroFixture fixture = RetroFixture.create(temp);
    Path broken = temp.resolve("broken-judge.sh");
    Files.writeString(broken, "#!/bin/sh\necho 'no API key' >&2\nexit 1\n");
    Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwxr-xr-x"));

    RetroResult result = run(fixture, 5, Optional.of(broken));

    ReviewerSummary marker = result.summaries().get(0);
    assertThat(marker.funnel().reviewed()).isEqualTo(2);
    assertThat(marker.funnel().judgeErrors()).isPositive();
    assertThat(marker.funnel().judgedCaught()).isZero();
    assertThat(marker.judgedRate()).contains(new Rate(0, 0, Optional.empty()));
    assertThat(marker.judgedBySeverity()).isEmpty();
    assertThat(marker.strict().caught()).isEqualTo(2);
  }

  @Test
  void run_incidentWithMissingObjects_reportedAsItsErrorOthersGoOn() throws Exception {
    RetroFixture fixture = RetroFixture.create(temp);
    String blob = fixture.repo.git("rev-parse", fixture.prHead + ":src/Pr.java").strip();
    Path object =
        fixture
            .repo
            .root()
            .resolve(".git/objects/" + blob.substring(0, 2) + "/" + blob.substring(2));
    Files.delete(object);

    RetroResult result = run(fixture, 0, false);

    assertThat(result.incidents()).hasSize(4);
    IncidentResult broken = result.incidents().get(3);
    assertThat(broken.incident().id()).isEqualTo("INC-4");
    assertThat(broken.stage()).isEqualTo(Stage.ERROR);
    assertThat(broken.detail()).isNotBlank().doesNotContain("\n");
    assertThat(broken.reviews()).isEmpty();
    assertThat(result.incidents().get(0).stage()).isEqualTo(Stage.REVIEWED);
    assertThat(result.summaries().get(0).funnel().reviewed()).isEqualTo(1);
    assertThat(result.summaries().get(0).funnel().fixFound()).isEqualTo(2);
  }

  @Test
  void run_sameSeed_sameControlsAndIntervals() throws Exception {
    RetroFixture fixture = RetroFixture.create(temp);

    RetroResult once = run(fixture, 0, false);
    RetroResult again = run(fixture, 0, false);

    assertThat(again.controls()).isEqualTo(once.controls());
    assertThat(again.summaries().get(0).controls()).isEqualTo(once.summaries().get(0).controls());
  }
}
