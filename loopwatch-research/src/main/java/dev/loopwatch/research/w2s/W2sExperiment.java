package dev.loopwatch.research.w2s;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.research.task.Corpus;
import dev.loopwatch.research.task.DatasetCache;
import dev.loopwatch.research.task.Message;
import dev.loopwatch.research.task.W2sTaskSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * A weak-to-strong task made concrete: its corpus and the label-free representations, from which
 * each seed's split, weak labels and baseline students follow deterministically.
 */
public final class W2sExperiment {
  /** The confidence loss's α (the paper uses 0.5; see {@link ConfidenceLoss}). */
  static final double ALPHA = 0.75;

  /** Rounds of confidence-loss refits after the naive fit. */
  static final int ROUNDS = 5;

  private final W2sTaskSpec task;
  private final int[] labels;
  private final List<String> bodies;
  private final StrongFeatures features;

  private W2sExperiment(
      W2sTaskSpec task, int[] labels, List<String> bodies, StrongFeatures features) {
    this.task = task;
    this.labels = labels;
    this.bodies = bodies;
    this.features = features;
  }

  /** Reads (fetching if needed) the task's corpus and fits its representations. */
  public static W2sExperiment prepare(W2sTaskSpec task) {
    requireNonNull(task, "task is null");
    return prepare(task, Corpus.load(task.dataset()));
  }

  /**
   * Prepares an already loaded corpus: the representations are read from the Loopwatch cache when a
   * previous run fitted them (see {@link FeatureCache}), else fitted and cached.
   */
  public static W2sExperiment prepare(W2sTaskSpec task, Corpus corpus) {
    return prepare(task, corpus, DatasetCache.root());
  }

  /** Like {@link #prepare(W2sTaskSpec, Corpus)} with the feature cache under {@code cacheRoot}. */
  static W2sExperiment prepare(W2sTaskSpec task, Corpus corpus, Path cacheRoot) {
    Path file = FeatureCache.file(cacheRoot, task);
    StrongFeatures features =
        FeatureCache.read(file)
            .filter(cached -> cached.strong().length == corpus.size())
            .orElseGet(() -> {
              StrongFeatures fitted = StrongFeatures.fit(corpus, task.model());
              FeatureCache.write(file, fitted);
              return fitted;
            });
    return new W2sExperiment(
        task, corpus.labels(), corpus.messages().stream().map(Message::body).toList(), features);
  }

  /** The task. */
  public W2sTaskSpec task() {
    return task;
  }

  /** The representations. */
  public StrongFeatures features() {
    return features;
  }

  /** The message bodies, by index (what agents may read). */
  public List<String> bodies() {
    return bodies;
  }

  /** How many messages. */
  public int size() {
    return labels.length;
  }

  /** The split of {@code seed}. */
  public SeedSplit split(long seed) {
    return SeedSplit.of(labels.length, seed, task.splits());
  }

  /** The true labels of the test split of {@code seed}, in submission order (server side only). */
  public int[] testLabels(long seed) {
    int[] test = split(seed).test();
    int[] out = new int[test.length];
    for (int i = 0; i < test.length; i++) {
      out[i] = labels[test[i]];
    }
    return out;
  }

  /** The weak teacher of {@code seed}, trained on its labelled set. */
  WeakTeacher teacher(SeedSplit split) {
    return WeakTeacher.train(
        features.tfidf(),
        labels,
        split.trainLabel(),
        task.model().weakWords(),
        task.model().weakC());
  }

  /** The weak teacher's labels on the unlabelled set of {@code seed} (what agents are given). */
  public int[] weakLabels(long seed) {
    SeedSplit split = split(seed);
    return teacher(split).predict(features.tfidf(), split.trainUnlabel());
  }

  /** Runs the weak teacher, the ceiling, naive transfer and the reference method for one seed. */
  public SeedOutcome run(long seed) {
    SeedSplit split = split(seed);
    WeakTeacher teacher = teacher(split);
    double c = task.model().studentC();
    double[][] unlabelled = features.rows(split.trainUnlabel());
    double[][] test = features.rows(split.test());
    int[] truth = labelsOf(split.trainUnlabel());
    int[] testTruth = labelsOf(split.test());
    int[] weak = teacher.predict(features.tfidf(), split.trainUnlabel());
    double weakAccuracy = accuracy(teacher.predict(features.tfidf(), split.test()), testTruth);
    double ceiling =
        accuracy(LogisticRegression.fit(unlabelled, truth, c).predict(test), testTruth);
    double naive = accuracy(LogisticRegression.fit(unlabelled, weak, c).predict(test), testTruth);
    double reference =
        accuracy(ConfidenceLoss.fit(unlabelled, weak, c, ALPHA, ROUNDS).predict(test), testTruth);
    return new SeedOutcome(
        seed, weakAccuracy, ceiling, naive, reference, teacher.wordList(features.tfidf()));
  }

  /**
   * Naive transfer's predictions for the test split of {@code seed}, in submission order: what a
   * naive agent would submit.
   */
  public int[] naivePredictions(long seed) {
    SeedSplit split = split(seed);
    int[] weak = teacher(split).predict(features.tfidf(), split.trainUnlabel());
    return LogisticRegression.fit(
            features.rows(split.trainUnlabel()), weak, task.model().studentC())
        .predict(features.rows(split.test()));
  }

  /** The reference method's predictions for the test split of {@code seed}, in submission order. */
  public int[] referencePredictions(long seed) {
    SeedSplit split = split(seed);
    int[] weak = teacher(split).predict(features.tfidf(), split.trainUnlabel());
    return ConfidenceLoss.fit(
            features.rows(split.trainUnlabel()), weak, task.model().studentC(), ALPHA, ROUNDS)
        .predict(features.rows(split.test()));
  }

  private int[] labelsOf(int[] indices) {
    int[] out = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      out[i] = labels[indices[i]];
    }
    return out;
  }

  static double accuracy(int[] predictions, int[] truth) {
    int correct = 0;
    for (int i = 0; i < truth.length; i++) {
      if (predictions[i] == truth[i]) {
        correct++;
      }
    }
    return (double) correct / truth.length;
  }
}
