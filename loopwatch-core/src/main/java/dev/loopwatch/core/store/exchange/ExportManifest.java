package dev.loopwatch.core.store.exchange;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.loopwatch.core.error.LoopwatchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an export folder holds: its format, the schema version of each part, and each table's row
 * count, which the import checks against what it reads so a truncated or swapped file is caught.
 *
 * @param format the export format's version, {@link #FORMAT}
 * @param schemas the schema version of each part of the exported store
 * @param rows each table's row count
 */
public record ExportManifest(int format, Map<String, Integer> schemas, Map<String, Long> rows) {
  /** The manifest's file name in an export folder. */
  public static final String FILE = "loopwatch-export.json";

  /** The current export format. */
  public static final int FORMAT = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public ExportManifest {
    schemas = new TreeMap<>(requireNonNull(schemas, "schemas is null"));
    rows = new TreeMap<>(requireNonNull(rows, "rows is null"));
  }

  /** Writes this manifest into {@code folder}. */
  void write(Path folder) throws IOException {
    JSON.writeValue(folder.resolve(FILE).toFile(), this);
  }

  /**
   * Reads the manifest of the export folder {@code folder}.
   *
   * @throws LoopwatchException USER_INPUT naming the folder if it has no readable manifest
   */
  public static ExportManifest read(Path folder) {
    Path file = folder.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw LoopwatchException.userInput(
          folder + ": not a Loopwatch export (no " + FILE + "; make one with loopwatch export)");
    }
    ExportManifest manifest;
    try {
      manifest = JSON.readValue(file.toFile(), ExportManifest.class);
    } catch (IOException e) {
      throw LoopwatchException.userInput(
          file + ": not a readable export manifest: " + e.getMessage());
    }
    if (manifest.format() != FORMAT) {
      throw LoopwatchException.userInput(
          file + ": export format " + manifest.format() + ", this Loopwatch reads " + FORMAT);
    }
    return manifest;
  }
}
