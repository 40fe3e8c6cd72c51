package dev.loopwatch.app.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.loopwatch.app.Main;
import dev.loopwatch.app.cli.Json;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Scans repositories made by bench/synthetic-repo.sh and checks every total against the ground
 * truth the generator wrote while making them: counted lines, AI lines per agent, bot lines and
 * each exclusion.
 */
class SyntheticTruthTest {
  @TempDir Path temp;

  @ParameterizedTest
  @ValueSource(ints = {120, 400})
  void scan_syntheticRepository_matchesGroundTruth(int size) throws Exception {
    Path repo = temp.resolve("syn");
    Path script = Path.of("..", "bench", "synthetic-repo.sh").toAbsolutePath().normalize();
    Process generator =
        new ProcessBuilder("bash", script.toString(), repo.toString(), Integer.toString(size))
            .redirectErrorStream(true)
            .redirectOutput(new File(temp.resolve("generator.log").toString()))
            .start();
    assertThat(generator.waitFor()).as("synthetic-repo.sh size %d", size).isZero();
    JsonNode truth = Json.mapper().readTree(temp.resolve("syn.truth.json").toFile());

    CommandLine commandLine = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int code =
        commandLine.execute(
            "scan",
            repo.toString(),
            "--db",
            temp.resolve("s.duckdb").toString(),
            "--json",
            "--outlier-percentile",
            "100");
    assertThat(code).as(err.toString()).isZero();
    JsonNode report = Json.mapper().readTree(out.toString()).get("report");

    JsonNode added = truth.at("/first_parent/added");
    long human = added.get("human").asLong();
    long agent = added.get("agent").asLong();
    JsonNode totals = report.get("totals");
    JsonNode exclusions = report.get("exclusions");
    assertThat(totals.get("addedLines").asLong() + exclusions.get("ignoredRevisionLines").asLong())
        .as("size %d: counted lines", size)
        .isEqualTo(human + agent);
    assertThat(
            totals.get("aiStrong").asLong()
                + totals.get("aiMedium").asLong()
                + totals.get("aiWeak").asLong())
        .as("size %d: AI lines", size)
        .isEqualTo(agent);

    Map<String, Long> expectedByAgent = new TreeMap<>();
    truth
        .at("/first_parent/by_agent")
        .properties()
        .forEach(e -> expectedByAgent.put(e.getKey(), e.getValue().get("added").asLong()));
    Map<String, Long> actualByAgent = new TreeMap<>();
    for (JsonNode row : report.get("byAgent")) {
      actualByAgent.merge(row.get("agent").asText(), row.get("lines").asLong(), Long::sum);
    }
    assertThat(actualByAgent).as("size %d: AI lines by agent", size).isEqualTo(expectedByAgent);

    JsonNode excluded = truth.at("/first_parent/excluded");
    assertThat(exclusions.at("/byReason/lock_file/addedLines").asLong())
        .isEqualTo(nonBot(excluded.get("lock")));
    assertThat(exclusions.at("/byReason/vendored/addedLines").asLong())
        .isEqualTo(nonBot(excluded.get("vendor")));
    assertThat(exclusions.at("/byReason/generated/addedLines").asLong())
        .isEqualTo(nonBot(excluded.get("generated")) + nonBot(excluded.get("agent_trace")));
    long botExcluded = 0;
    for (JsonNode category : excluded) {
      botExcluded += category.at("/bot/added").asLong();
    }
    assertThat(exclusions.get("botLines").asLong())
        .isEqualTo(added.get("bot").asLong() + botExcluded);
    assertThat(report.at("/repos/0/changes").asLong()).isEqualTo(size);
  }

  private static long nonBot(JsonNode category) {
    return category.at("/human/added").asLong() + category.at("/agent/added").asLong();
  }
}
