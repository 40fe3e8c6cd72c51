package dev.loopwatch.evals.inspect;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loopwatch.core.error.LoopwatchException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Inspect evaluation logs in both formats, as inspect_ai writes them (checked against
 * UKGovernmentBEIS/inspect_ai {@code log/_recorders/eval.py} and {@code log/_log.py}):
 *
 * <ul>
 *   <li>{@code .eval}: a zip archive. {@code header.json} holds the {@code EvalLog} without
 *       samples; {@code samples/<id>_epoch_<n>.json} one {@code EvalSample} each; {@code
 *       summaries.json}, {@code reductions.json} and {@code _journal/*} are not needed here. A log
 *       still being written has no {@code header.json}: its {@code _journal/start.json} ({@code
 *       version}, {@code eval}, {@code plan}) stands in, with status {@code started} and no
 *       results, as Inspect itself reads it. Entries may be deflated or Zstandard-compressed (zip
 *       method 93, Inspect's default since it moved to zstd); see {@link ZipArchive}.
 *   <li>{@code .json}: one {@code EvalLog} document with its {@code samples} array.
 * </ul>
 *
 * <p>The format is told by content, not by name: a zip archive starts with {@code PK\3\4}. Samples
 * are streamed and only {@code id}, {@code epoch}, {@code scores} (or the pre-2024 single {@code
 * score}, which Inspect migrates to a scorer named {@code "88F74D2C"}), {@code metadata} and {@code
 * error} are kept, so the events and messages that make logs large are skipped, never built. JSON
 * is read with {@code NaN} and {@code Infinity} allowed, as Inspect writes them for samples.
 *
 * <p>Every bad input fails with one {@link LoopwatchException} of kind {@code USER_INPUT} naming
 * the file, the zip entry when there is one, and the field or the JSON line and column.
 */
public final class InspectLogReader {
  /** The scorer name Inspect gives a legacy single {@code score} ({@code SCORER_PLACEHOLDER}). */
  static final String LEGACY_SCORER = "88F74D2C";

  private static final String HEADER = "header.json";
  private static final String START = "_journal/start.json";
  private static final String SAMPLES = "samples/";
  private static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                  .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                  .build())
          .build();

  private InspectLogReader() {}

  /**
   * Reads the Inspect log {@code file}: a zip archive (by content, or any file named {@code .eval})
   * is read as a {@code .eval} log, anything else as a {@code .json} log.
   */
  public static InspectLog read(Path file) {
    requireNonNull(file, "file is null");
    boolean evalName = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".eval");
    return isZip(file) || evalName ? readEval(file) : readJson(file);
  }

  /**
   * Whether {@code file} looks like an Inspect log: a zip archive, or a JSON document whose first
   * field is {@code version} or whose first three fields include {@code eval} (Inspect writes
   * {@code version}, {@code status}, {@code eval} first). A METR run file, whose rows have neither
   * field, is not one.
   */
  public static boolean isInspectLog(Path file) {
    requireNonNull(file, "file is null");
    if (isZip(file)) {
      return true;
    }
    try (JsonParser parser = JSON.createParser(Files.newInputStream(file))) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      for (int field = 0; field < 3 && parser.nextToken() == JsonToken.FIELD_NAME; field++) {
        String name = parser.currentName();
        if (name.equals("eval") || (field == 0 && name.equals("version"))) {
          return true;
        }
        parser.nextToken();
        parser.skipChildren();
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isZip(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] magic = in.readNBytes(4);
      return magic.length == 4
          && magic[0] == 'P'
          && magic[1] == 'K'
          && magic[2] == 3
          && magic[3] == 4;
    } catch (NoSuchFileException e) {
      throw LoopwatchException.userInput(file + " does not exist");
    } catch (IOException e) {
      throw LoopwatchException.external("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static InspectLog readEval(Path file) {
    try (ZipArchive zip = ZipArchive.open(file)) {
      Optional<ZipArchive.Entry> header = zip.entry(HEADER);
      ZipArchive.Entry headerEntry =
          header
              .or(() -> zip.entry(START))
              .orElseThrow(() ->
                  LoopwatchException.userInput(
                      file
                          + ": not an Inspect .eval log: it has neither header.json nor"
                          + " _journal/start.json"));
      Source headerSource = new Source(file, Optional.of(headerEntry.name()));
      JsonNode root = parseEntry(zip, headerEntry, headerSource, Parser::tree);
      Header parsed = header(root, headerSource, header.isEmpty());
      List<InspectSample> samples = new ArrayList<>();
      for (ZipArchive.Entry entry : zip.entries().values()) {
        if (entry.name().startsWith(SAMPLES) && entry.name().endsWith(".json")) {
          Source source = new Source(file, Optional.of(entry.name()));
          samples.add(parseEntry(zip, entry, source, parser -> sample(parser, source)));
        }
      }
      return parsed.log(file, InspectLog.Format.EVAL, samples);
    }
  }

  private static InspectLog readJson(Path file) {
    Source source = new Source(file, Optional.empty());
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
        JsonParser parser = JSON.createParser(in)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw source.bad(
            "not an Inspect log: expected a JSON object (an EvalLog), found "
                + describe(parser.currentToken()));
      }
      ObjectNode header = JSON.createObjectNode();
      List<InspectSample> samples = new ArrayList<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (name) {
          case "version", "status", "eval", "results" -> header.set(name, parser.readValueAsTree());
          case "samples" -> {
            if (value == JsonToken.START_ARRAY) {
              while (parser.nextToken() != JsonToken.END_ARRAY) {
                samples.add(sample(parser, source));
              }
            } else if (value != JsonToken.VALUE_NULL) {
              throw source.bad("field samples must be a list, found " + describe(value));
            }
          }
          default -> parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw source.bad(
            "unexpected content after the log's JSON object at line "
                + parser.currentLocation().getLineNr());
      }
      return header(header, source, false).log(file, InspectLog.Format.JSON, samples);
    } catch (JsonProcessingException e) {
      throw source.malformed(e);
    } catch (NoSuchFileException e) {
      throw LoopwatchException.userInput(file + " does not exist");
    } catch (IOException e) {
      throw LoopwatchException.external("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parses one value from the parser; the parser stands on the value's first token. */
  private interface Parser<T> {
    T parse(JsonParser parser) throws IOException;

    static JsonNode tree(JsonParser parser) throws IOException {
      return parser.readValueAsTree();
    }
  }

  private static <T> T parseEntry(
      ZipArchive zip, ZipArchive.Entry entry, Source source, Parser<T> reader) {
    try (InputStream in = zip.open(entry);
        JsonParser parser = JSON.createParser(in)) {
      if (parser.nextToken() == null) {
        throw source.bad("empty entry, expected a JSON object");
      }
      T value = reader.parse(parser);
      if (parser.nextToken() != null) {
        throw source.bad(
            "unexpected content after the JSON value at line "
                + parser.currentLocation().getLineNr());
      }
      // Read to the end so that the archive checks the entry's CRC-32 and length.
      in.transferTo(OutputStream.nullOutputStream());
      return value;
    } catch (JsonProcessingException e) {
      throw source.malformed(e);
    } catch (IOException e) {
      throw zip.bad(entry, "cannot read: " + e.getMessage());
    }
  }

  /** The header fields of an {@code EvalLog} (or of a journal start record). */
  private record Header(
      int version,
      String status,
      String task,
      String model,
      String created,
      List<InspectResultScore> results) {
    InspectLog log(Path file, InspectLog.Format format, List<InspectSample> samples) {
      List<InspectSample> sorted = new ArrayList<>(samples);
      sorted.sort(SAMPLE_ORDER);
      return new InspectLog(file, format, version, status, task, model, created, results, sorted);
    }
  }

  /** The order Inspect sorts samples in ({@code sort_samples}): epoch, then id. */
  static final Comparator<InspectSample> SAMPLE_ORDER =
      Comparator.comparingInt(InspectSample::epoch)
          .thenComparing(InspectSample::id, InspectLogReader::compareIds);

  /** Integer ids first, by value; then string ids by their text. */
  private static int compareIds(String a, String b) {
    boolean aNumber = a.matches("-?[0-9]+");
    boolean bNumber = b.matches("-?[0-9]+");
    if (aNumber && bNumber) {
      return new BigInteger(a).compareTo(new BigInteger(b));
    }
    if (aNumber != bNumber) {
      return aNumber ? -1 : 1;
    }
    return a.compareTo(b);
  }

  private static Header header(JsonNode root, Source source, boolean journal) {
    if (!root.isObject()) {
      throw source.bad("expected a JSON object (an EvalLog), found " + root.getNodeType());
    }
    JsonNode version = root.path("version");
    if (!version.isIntegralNumber()) {
      throw source.bad(
          version.isMissingNode()
              ? "field version is missing (not an Inspect log?)"
              : "field version must be an integer");
    }
    JsonNode eval = root.path("eval");
    if (!eval.isObject()) {
      throw source.bad(
          eval.isMissingNode()
              ? "field eval is missing (not an Inspect log?)"
              : "field eval must be an object");
    }
    String status = journal ? "started" : text(root, "status", source, "status", "started");
    String task = required(eval, "task", source, "eval.task");
    String model = required(eval, "model", source, "eval.model");
    String created = required(eval, "created", source, "eval.created");
    List<InspectResultScore> results = new ArrayList<>();
    JsonNode scores = root.path("results").path("scores");
    if (!scores.isMissingNode() && !scores.isNull()) {
      if (!scores.isArray()) {
        throw source.bad("field results.scores must be a list");
      }
      for (int i = 0; i < scores.size(); i++) {
        JsonNode score = scores.get(i);
        String field = "results.scores[" + i + "]";
        String name = required(score, "name", source, field + ".name");
        String scorer = required(score, "scorer", source, field + ".scorer");
        Map<String, Double> metrics = new LinkedHashMap<>();
        JsonNode metricNodes = score.path("metrics");
        for (Map.Entry<String, JsonNode> metric : metricNodes.properties()) {
          JsonNode value = metric.getValue().path("value");
          if (!value.isNumber()) {
            throw source.bad(
                "field " + field + ".metrics." + metric.getKey() + ".value must be a number");
          }
          metrics.put(metric.getKey(), value.doubleValue());
        }
        results.add(new InspectResultScore(name, scorer, metrics));
      }
    }
    return new Header(version.intValue(), status, task, model, created, results);
  }

  private static String required(JsonNode node, String name, Source source, String field) {
    JsonNode value = node.path(name);
    if (value.isMissingNode() || value.isNull()) {
      throw source.bad("field " + field + " is missing");
    }
    if (!value.isTextual()) {
      throw source.bad("field " + field + " must be a string");
    }
    return value.textValue();
  }

  private static String text(
      JsonNode node, String name, Source source, String field, String fallback) {
    JsonNode value = node.path(name);
    if (value.isMissingNode() || value.isNull()) {
      return fallback;
    }
    if (!value.isTextual()) {
      throw source.bad("field " + field + " must be a string");
    }
    return value.textValue();
  }

  /** Reads one {@code EvalSample}; the parser stands on its {@code START_OBJECT}. */
  private static InspectSample sample(JsonParser parser, Source source) throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw source.bad(
          "a sample must be a JSON object, found "
              + describe(parser.currentToken())
              + " at line "
              + parser.currentLocation().getLineNr());
    }
    int line = parser.currentLocation().getLineNr();
    JsonNode id = null;
    JsonNode epoch = null;
    JsonNode scores = null;
    JsonNode legacyScore = null;
    JsonNode metadata = null;
    JsonNode error = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      parser.nextToken();
      switch (name) {
        case "id" -> id = parser.readValueAsTree();
        case "epoch" -> epoch = parser.readValueAsTree();
        case "scores" -> scores = parser.readValueAsTree();
        case "score" -> legacyScore = parser.readValueAsTree();
        case "metadata" -> metadata = parser.readValueAsTree();
        case "error" -> error = parser.readValueAsTree();
        default -> parser.skipChildren();
      }
    }
    String where = source.entry().isPresent() ? "" : " (the sample at line " + line + ")";
    if (id == null || id.isNull()) {
      throw source.bad("field id of a sample is missing" + where);
    }
    String sampleId;
    if (id.isIntegralNumber()) {
      sampleId = id.bigIntegerValue().toString();
    } else if (id.isTextual()) {
      sampleId = id.textValue();
    } else {
      throw source.bad("field id of a sample must be an integer or a string" + where);
    }
    Source sample = source.sample(sampleId);
    if (epoch == null || !epoch.canConvertToInt() || !epoch.isIntegralNumber()) {
      throw sample.bad(epoch == null ? "field epoch is missing" : "field epoch must be an integer");
    }
    Map<String, InspectScore> scoreMap = new LinkedHashMap<>();
    if (scores != null && !scores.isNull()) {
      if (!scores.isObject()) {
        throw sample.bad("field scores must be an object of scorer name to score");
      }
      for (Map.Entry<String, JsonNode> entry : scores.properties()) {
        scoreMap.put(entry.getKey(), score(entry.getValue(), sample, "scores." + entry.getKey()));
      }
    } else if (legacyScore != null && !legacyScore.isNull()) {
      scoreMap.put(LEGACY_SCORER, score(legacyScore, sample, "score"));
    }
    Map<String, JsonNode> metadataMap = new LinkedHashMap<>();
    if (metadata != null && !metadata.isNull()) {
      if (!metadata.isObject()) {
        throw sample.bad("field metadata must be an object");
      }
      metadata.properties().forEach(e -> metadataMap.put(e.getKey(), e.getValue()));
    }
    Optional<String> failure = Optional.empty();
    if (error != null && !error.isNull()) {
      failure =
          Optional.of(
              error.isTextual() ? error.textValue() : error.path("message").asText("error"));
    }
    return new InspectSample(sampleId, epoch.intValue(), scoreMap, metadataMap, failure);
  }

  private static InspectScore score(JsonNode score, Source sample, String field) {
    if (!score.isObject()) {
      throw sample.bad("field " + field + " must be an object with a value");
    }
    JsonNode value = score.get("value");
    if (value == null) {
      throw sample.bad("field " + field + ".value is missing");
    }
    JsonNode answer = score.path("answer");
    return new InspectScore(
        value, answer.isTextual() ? Optional.of(answer.textValue()) : Optional.empty());
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case START_ARRAY -> "a list";
      case START_OBJECT -> "an object";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.name().toLowerCase(Locale.ROOT);
    };
  }

  /** Where a value was read: the file, the zip entry, and the sample. */
  private record Source(Path file, Optional<String> entry, Optional<String> sampleId) {
    Source(Path file, Optional<String> entry) {
      this(file, entry, Optional.empty());
    }

    Source sample(String id) {
      return new Source(file, entry, Optional.of(id));
    }

    private String prefix() {
      return file
          + entry.map(e -> ": entry " + e).orElse("")
          + (entry.isEmpty() ? sampleId.map(id -> ": sample " + id).orElse("") : "")
          + ": ";
    }

    LoopwatchException bad(String problem) {
      return LoopwatchException.userInput(prefix() + problem);
    }

    LoopwatchException malformed(JsonProcessingException e) {
      JsonLocation location = e.getLocation();
      String at =
          location == null
              ? ""
              : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
      String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
      int newline = message.indexOf('\n');
      if (newline >= 0) {
        message = message.substring(0, newline);
      }
      return LoopwatchException.userInput(prefix() + "malformed JSON" + at + ": " + message);
    }
  }
}
