package dev.loopwatch.research.w2s;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loopwatch.core.error.LoopwatchException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes what an agent may see of a weak-to-strong task into its workspace: no true label and no
 * group name (the group names the label) ever leaves the server side.
 *
 * <ul>
 *   <li>{@code task.json}: the task id, seeds, predictions per seed, the pre-registered baseline
 *       means and how to submit.
 *   <li>{@code messages.jsonl}: {@code {"index", "text"}} per message (the body the models read).
 *   <li>{@code features.csv}: {@code index} and the strong representation (the SVD coordinates, the
 *       student's "pretrained" features), one row per message.
 *   <li>{@code seed-<s>/train_unlabel.csv}: {@code index,weak_label,weak_prob}: the weak teacher's
 *       labels on the student's training messages.
 *   <li>{@code seed-<s>/test.csv}: {@code index} of each test message, in the order predictions are
 *       submitted.
 * </ul>
 *
 * The weak teacher's own labelled messages are not listed: their labels are ground truth.
 */
public final class AgentData {
  private AgentData() {}

  /** Writes the agent-visible files of {@code experiment} into {@code folder}. */
  public static void write(W2sExperiment experiment, Path folder) {
    try {
      Files.createDirectories(folder);
      writeTask(experiment, folder.resolve("task.json"));
      writeMessages(experiment, folder.resolve("messages.jsonl"));
      writeFeatures(experiment, folder.resolve("features.csv"));
      for (long seed : experiment.task().seeds()) {
        Path seedFolder = folder.resolve("seed-" + seed);
        Files.createDirectories(seedFolder);
        SeedSplit split = experiment.split(seed);
        WeakTeacher teacher = experiment.teacher(split);
        int[] unlabelled = split.trainUnlabel();
        int[] weak = teacher.predict(experiment.features().tfidf(), unlabelled);
        double[] probability = teacher.probabilities(experiment.features().tfidf(), unlabelled);
        try (BufferedWriter out =
            Files.newBufferedWriter(seedFolder.resolve("train_unlabel.csv"))) {
          out.write("index,weak_label,weak_prob\n");
          for (int i = 0; i < unlabelled.length; i++) {
            out.write(
                String.format(Locale.ROOT, "%d,%d,%.6f%n", unlabelled[i], weak[i], probability[i]));
          }
        }
        try (BufferedWriter out = Files.newBufferedWriter(seedFolder.resolve("test.csv"))) {
          out.write("index\n");
          for (int index : split.test()) {
            out.write(index + "\n");
          }
        }
      }
    } catch (IOException e) {
      throw LoopwatchException.external(
          "cannot write the task data into " + folder + ": " + e.getMessage(), e);
    }
  }

  private static void writeTask(W2sExperiment experiment, Path file) throws IOException {
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("task", experiment.task().id());
    task.put("description", experiment.task().description());
    task.put("seeds", experiment.task().seeds());
    Map<String, Integer> sizes = new LinkedHashMap<>();
    for (long seed : experiment.task().seeds()) {
      sizes.put(Long.toString(seed), experiment.split(seed).test().length);
    }
    task.put("predictions_per_seed", sizes);
    task.put("weak_acc", experiment.task().baselines().weak());
    task.put("ceiling_acc", experiment.task().baselines().ceiling());
    task.put("naive_acc", experiment.task().baselines().naive());
    task.put(
        "submit",
        "POST {\"seed\": S, \"predictions\": [0|1 per line of seed-S/test.csv], \"snapshot\":"
            + " COMMIT} to the scoring URL's /dev/score with your bearer token; a dev score uses"
            + " part of the test split, the rest is sealed for the final scoring");
    task.put(
        "files",
        List.of(
            "messages.jsonl", "features.csv", "seed-<s>/train_unlabel.csv", "seed-<s>/test.csv"));
    Files.writeString(
        file,
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(task) + "\n",
        StandardCharsets.UTF_8);
  }

  private static void writeMessages(W2sExperiment experiment, Path file) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    List<String> bodies = experiment.bodies();
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < bodies.size(); i++) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("index", i);
        row.put("text", bodies.get(i));
        out.write(mapper.writeValueAsString(row));
        out.write('\n');
      }
    }
  }

  private static void writeFeatures(W2sExperiment experiment, Path file) throws IOException {
    double[][] strong = experiment.features().strong();
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      StringBuilder header = new StringBuilder("index");
      for (int j = 0; j < strong[0].length; j++) {
        header.append(",f").append(j);
      }
      out.write(header.append('\n').toString());
      for (int i = 0; i < strong.length; i++) {
        StringBuilder row = new StringBuilder().append(i);
        for (double v : strong[i]) {
          row.append(',').append(String.format(Locale.ROOT, "%.6g", v));
        }
        out.write(row.append('\n').toString());
      }
    }
  }
}
