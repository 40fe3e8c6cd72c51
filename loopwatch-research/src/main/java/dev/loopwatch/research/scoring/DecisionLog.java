package dev.loopwatch.research.scoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopwatch.core.error.LoopwatchException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The server's decisions as JSON lines in the run folder ({@code scoring.jsonl}): each submission
 * with its outcome (scored, rejected and why), each flag with its evidence, each sealed score.
 * Lines are written in decision order and flushed one by one, so a crash loses at most the line
 * being written.
 */
final class DecisionLog implements AutoCloseable {
  /** The log's file name in the run folder. */
  static final String FILE_NAME = "scoring.jsonl";

  private final ObjectMapper mapper;
  private final BufferedWriter out;
  private final Path file;

  DecisionLog(Path runFolder, ObjectMapper mapper) {
    this.mapper = mapper;
    this.file = runFolder.resolve(FILE_NAME);
    try {
      Files.createDirectories(runFolder);
      this.out =
          Files.newBufferedWriter(
              file,
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND,
              StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw LoopwatchException.external("cannot open " + file + ": " + e.getMessage(), e);
    }
  }

  /** Appends one decision (an insertion-ordered map). */
  synchronized void append(Map<String, Object> entry) {
    try {
      out.write(mapper.writeValueAsString(entry));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw LoopwatchException.external("cannot append to " + file + ": " + e.getMessage(), e);
    }
  }

  /** The log file. */
  Path file() {
    return file;
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw LoopwatchException.external("cannot close " + file + ": " + e.getMessage(), e);
    }
  }
}
