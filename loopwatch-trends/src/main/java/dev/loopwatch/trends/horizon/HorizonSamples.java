package dev.loopwatch.trends.horizon;

import static java.util.Objects.requireNonNull;

import dev.loopwatch.core.stats.Quantiles;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The horizons of every bootstrap sample: for each sample, agent and success rate, a horizon in
 * minutes, or NaN when the agent was skipped in that sample (no runs drawn, or one class only).
 */
public final class HorizonSamples {
  private final List<String> agents;
  private final List<Double> successRates;
  private final int samples;
  private final double[] horizons;
  private final boolean[] allFailed;

  HorizonSamples(List<String> agents, List<Double> successRates, int samples, double[] horizons) {
    this(agents, successRates, samples, horizons, new boolean[samples * agents.size()]);
  }

  /**
   * Samples where {@code allFailed[sample * agents + agent]} marks an agent skipped because every
   * run drawn for it failed.
   */
  HorizonSamples(
      List<String> agents,
      List<Double> successRates,
      int samples,
      double[] horizons,
      boolean[] allFailed) {
    this.agents = List.copyOf(agents);
    this.successRates = List.copyOf(successRates);
    this.samples = samples;
    this.horizons = horizons;
    this.allFailed = allFailed;
  }

  /**
   * The horizons of {@code agent} at {@code p} as the trend fit reads them: 0 in a sample where
   * every run drawn for the agent failed (as the point fit reports an agent that failed every run),
   * otherwise as {@link #horizons}; the per-agent intervals skip those samples, as METR does.
   */
  public double[] trendHorizons(String agent, double p) {
    double[] values = horizons(agent, p);
    int a = agentIndex(agent);
    for (int s = 0; s < samples; s++) {
      if (allFailed[s * agents.size() + a]) {
        values[s] = 0;
      }
    }
    return values;
  }

  /** The agents, in alias order. */
  public List<String> agents() {
    return agents;
  }

  /** The success rates horizons were computed for. */
  public List<Double> successRates() {
    return successRates;
  }

  /** The number of bootstrap samples. */
  public int samples() {
    return samples;
  }

  /** The horizon of {@code agent} at success rate {@code p} in every sample (NaN if skipped). */
  public double[] horizons(String agent, double p) {
    int a = agentIndex(agent);
    int r = rateIndex(p);
    double[] values = new double[samples];
    for (int s = 0; s < samples; s++) {
      values[s] = horizons[(s * agents.size() + a) * successRates.size() + r];
    }
    return values;
  }

  /**
   * The percentile interval of {@code agent}'s p-horizon at {@code level} (e.g. 0.95), over the
   * samples where the agent was fitted (numpy's nanquantile); empty if it never was.
   */
  public Optional<Interval> interval(String agent, double p, double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must be in (0, 1): " + level);
    }
    double[] values = Arrays.stream(horizons(agent, p)).filter(v -> !Double.isNaN(v)).toArray();
    if (values.length == 0) {
      return Optional.empty();
    }
    Arrays.sort(values);
    double alpha = (1 - level) / 2;
    return Optional.of(
        new Interval(
            Quantiles.sorted(values, alpha), Quantiles.sorted(values, 1 - alpha), values.length));
  }

  private int agentIndex(String agent) {
    requireNonNull(agent, "agent is null");
    int index = agents.indexOf(agent);
    if (index < 0) {
      throw new IllegalArgumentException("unknown agent: " + agent);
    }
    return index;
  }

  private int rateIndex(double p) {
    int index = successRates.indexOf(p);
    if (index < 0) {
      throw new IllegalArgumentException("no horizons for success rate " + p);
    }
    return index;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HorizonSamples that
        && samples == that.samples
        && agents.equals(that.agents)
        && successRates.equals(that.successRates)
        && Arrays.equals(horizons, that.horizons)
        && Arrays.equals(allFailed, that.allFailed);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(horizons);
  }
}
