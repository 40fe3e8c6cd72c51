package dev.loopwatch.app.models;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code loopwatch models}: the language models configured in loopwatch.toml. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    subcommands = {ModelsListCommand.class, ModelsCheckCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "2:usage or input error", "3:internal or external failure"},
    description = {
      "List the configured models and check that one answers.",
      "Models are the [models.NAME] tables of loopwatch.toml. Configuration, providers, cache,",
      "retries and budget: docs/MODELS.md."
    },
    footerHeading = "%nExamples:%n",
    footer = {"  loopwatch models list", "  loopwatch models check judge --json"})
public final class ModelsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
