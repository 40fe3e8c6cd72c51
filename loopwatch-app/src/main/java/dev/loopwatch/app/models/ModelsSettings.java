package dev.loopwatch.app.models;

import dev.loopwatch.core.config.Config;
import dev.loopwatch.core.config.UserHome;
import dev.loopwatch.core.error.LoopwatchException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads the configuration the models commands use: {@code --config FILE}, else the usual files. */
public final class ModelsSettings {
  private ModelsSettings() {}

  /**
   * {@code file} when given (it must exist), else ~/.loopwatch/loopwatch.toml overlaid by
   * ./loopwatch.toml.
   */
  public static Config config(Path file) {
    if (file == null) {
      return Config.load(UserHome.path(), Path.of("."));
    }
    if (!Files.isRegularFile(file)) {
      throw LoopwatchException.userInput("no configuration file at " + file + " (--config)");
    }
    return Config.loadFiles(List.of(file));
  }
}
