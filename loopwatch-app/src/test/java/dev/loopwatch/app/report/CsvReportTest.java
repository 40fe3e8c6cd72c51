package dev.loopwatch.app.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvReportTest {
  @Test
  void write_smallReport_exactLines() {
    StringWriter out = new StringWriter();

    CsvReport.write(ReportFixtures.small(), out);

    String expected =
        String.join(
                "\r\n",
                "section,period,key,value",
                "report,,generated_at,2025-07-01T00:00:00Z",
                "report,,granularity,month",
                "repos,,changes:demo,5",
                "repos,,shallow:demo,false",
                "repos,,warnings:demo,1",
                "repos,,added_lines:demo,0",
                "repos,,ai_share:demo,0",
                "repos,,ai_share_trimmed:demo,0",
                "repos,,outlier_threshold:demo,",
                "repos,,dropped_changes:demo,0",
                "repos,,dropped_lines:demo,0",
                "repos,,lines_per_engineer_day:demo,",
                "totals,,changes,5",
                "totals,,added_lines,400",
                "totals,,deleted_lines,40",
                "totals,,ai_strong,100",
                "totals,,ai_medium,20",
                "totals,,ai_weak,10",
                "totals,,no_evidence,270",
                "totals,,ai_share,0.3",
                "totals,,ai_share_with_weak,0.325",
                "headline,,ai_share,0.3",
                "headline,,ai_share_trimmed,0.3",
                "headline,,dropped_changes,0",
                "headline,,dropped_lines,0",
                "headline,,dropped_line_share,0",
                "headline,,dropped_ai_lines,0",
                "share_over_time,2025-05,changes,2",
                "share_over_time,2025-05,added_lines,100",
                "share_over_time,2025-05,ai_strong,0",
                "share_over_time,2025-05,ai_medium,20",
                "share_over_time,2025-05,ai_weak,0",
                "share_over_time,2025-05,ai_share,0.2",
                "share_over_time,2025-05,changes_with_evidence,1",
                "share_over_time,2025-05,added_lines_with_evidence,60",
                "share_over_time,2025-05,coverage_changes,0.5",
                "share_over_time,2025-05,coverage_lines,0.6",
                "share_over_time,2025-05,ai_lines:codex,20",
                "share_over_time,2025-06,changes,3",
                "share_over_time,2025-06,added_lines,300",
                "share_over_time,2025-06,ai_strong,100",
                "share_over_time,2025-06,ai_medium,0",
                "share_over_time,2025-06,ai_weak,10",
                "share_over_time,2025-06,ai_share,0.3333333333333333",
                "share_over_time,2025-06,changes_with_evidence,1",
                "share_over_time,2025-06,added_lines_with_evidence,200",
                "share_over_time,2025-06,coverage_changes,0.3333333333333333",
                "share_over_time,2025-06,coverage_lines,0.6666666666666666",
                "share_over_time,2025-06,ai_lines:codex,100",
                "throughput,2025-05,days,31",
                "throughput,2025-05,engineers,2",
                "throughput,2025-05,added_lines,100",
                "throughput,2025-05,lines_per_engineer_day,1.6129032258064515",
                "throughput,2025-06,days,30",
                "throughput,2025-06,engineers,1",
                "throughput,2025-06,added_lines,300",
                "throughput,2025-06,lines_per_engineer_day,10",
                "throughput_comparison,2025-05,lines_per_engineer_day,1.6129032258064515",
                "throughput_comparison,2025-05,engineers,2",
                "throughput_comparison,2025-06,lines_per_engineer_day,10",
                "throughput_comparison,2025-06,engineers,1",
                "throughput_comparison,,ratio,6.2",
                "throughput_comparison,,low,1.5",
                "throughput_comparison,,high,12.25",
                "throughput_comparison,,level,0.9",
                "throughput_comparison,,inconclusive,true",
                "throughput_comparison,,repositories,demo",
                "throughput_comparison,,excluded_repositories,",
                "outliers,,percentile,99",
                "outliers,,max_lines,0",
                "outliers,,min_changes,200",
                "outliers,,dropped_changes,1",
                "outliers,,dropped_lines,900",
                "outliers,,dropped_ai_lines,0",
                "by_agent,,lines:codex:strong:gpt-5:high,100",
                "by_agent,,lines:codex:medium:,20",
                "by_source,,changes:line-level:codex:counted:git-ai-note:refs/notes/ai,1",
                "by_source,,lines:line-level:codex:counted:git-ai-note:refs/notes/ai,100",
                "by_source,,changes:circumstantial:codex:not_counted:branch-prefix:merged branch prefix codex/,1",
                "by_source,,lines:circumstantial:codex:not_counted:branch-prefix:merged branch prefix codex/,10",
                "by_path,,\"added_lines:src/\"\"core\"\", api\",400",
                "by_path,,\"ai_lines:src/\"\"core\"\", api\",120",
                "exclusions,,files:lock_file,2",
                "exclusions,,added_lines:lock_file,1500",
                "exclusions,,changes:ignored_revisions,1",
                "exclusions,,added_lines:ignored_revisions,80",
                "exclusions,,changes:bots,4",
                "exclusions,,added_lines:bots,60",
                "live_code,,revision,1111111111111111111111111111111111111111",
                "live_code,,files,3",
                "live_code,,lines,350",
                "live_code,,strong,90",
                "live_code,,medium,15",
                "live_code,,weak,5",
                "live_code,,no_evidence,240",
                "live_code,,ai_share,0.3",
                "live_code,,ai_lines:codex,105")
            + "\r\n";
    assertThat(out.toString()).isEqualTo(expected);
  }

  @Test
  void write_emptyReport_onlyWholeRangeRows() {
    StringWriter out = new StringWriter();

    CsvReport.write(ReportFixtures.empty(), out);

    assertThat(out.toString().split("\r\n", -1))
        .containsExactly(
            "section,period,key,value",
            "report,,generated_at,2026-01-05T09:30:00Z",
            "report,,granularity,month",
            "repos,,changes:empty-repo,0",
            "repos,,shallow:empty-repo,false",
            "repos,,warnings:empty-repo,0",
            "repos,,added_lines:empty-repo,0",
            "repos,,ai_share:empty-repo,0",
            "repos,,ai_share_trimmed:empty-repo,0",
            "repos,,outlier_threshold:empty-repo,",
            "repos,,dropped_changes:empty-repo,0",
            "repos,,dropped_lines:empty-repo,0",
            "repos,,lines_per_engineer_day:empty-repo,",
            "totals,,changes,0",
            "totals,,added_lines,0",
            "totals,,deleted_lines,0",
            "totals,,ai_strong,0",
            "totals,,ai_medium,0",
            "totals,,ai_weak,0",
            "totals,,no_evidence,0",
            "totals,,ai_share,0",
            "totals,,ai_share_with_weak,0",
            "headline,,ai_share,0",
            "headline,,ai_share_trimmed,0",
            "headline,,dropped_changes,0",
            "headline,,dropped_lines,0",
            "headline,,dropped_line_share,0",
            "headline,,dropped_ai_lines,0",
            "outliers,,percentile,99",
            "outliers,,max_lines,0",
            "outliers,,min_changes,200",
            "outliers,,dropped_changes,0",
            "outliers,,dropped_lines,0",
            "outliers,,dropped_ai_lines,0",
            "exclusions,,changes:ignored_revisions,0",
            "exclusions,,added_lines:ignored_revisions,0",
            "exclusions,,changes:bots,0",
            "exclusions,,added_lines:bots,0",
            "");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "plain|plain",
        "a,b|\"a,b\"",
        "say \"hi\"|\"say \"\"hi\"\"\"",
        "''|''",
      })
  void field_specialCharacters_quotedAsRfc4180(String text, String expected) {
    assertThat(CsvReport.field(text)).isEqualTo(expected);
  }

  @Test
  void field_lineBreaks_quoted() {
    assertThat(CsvReport.field("one\r\ntwo")).isEqualTo("\"one\r\ntwo\"");
    assertThat(CsvReport.field("one\ntwo")).isEqualTo("\"one\ntwo\"");
  }

  @Test
  void decimal_largeAndSmallAndNonFinite_plainDigits() {
    assertThat(CsvReport.decimal(1.0E-5)).isEqualTo("0.00001");
    assertThat(CsvReport.decimal(12345678.0)).isEqualTo("12345678");
    assertThat(CsvReport.decimal(0.0)).isEqualTo("0");
    assertThat(CsvReport.decimal(Double.NaN)).isEmpty();
    assertThat(CsvReport.decimal(Double.POSITIVE_INFINITY)).isEmpty();
  }
}
