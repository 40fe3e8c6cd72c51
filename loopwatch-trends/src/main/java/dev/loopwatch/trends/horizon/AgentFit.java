package dev.loopwatch.trends.horizon;

import static java.util.Objects.requireNonNull;

/** The point-estimate fit of one agent: a fitted curve, or one of the two one-class outcomes. */
public sealed interface AgentFit {
  /** The agent alias. */
  String agent();

  /** The task length (minutes) at which the agent's success rate is {@code p}. */
  double horizon(double p);

  /**
   * An agent with both successes and failures.
   *
   * @param agent the alias
   * @param fit the fitted curve
   */
  record Fitted(String agent, LogisticFit fit) implements AgentFit {
    /**
     * Slopes smaller than this in absolute value (per doubling of task length) count as flat: the
     * curve crosses 50% nowhere in particular, and {@code 2^(-b0/b1)} is an artefact of rounding.
     */
    public static final double FLAT_SLOPE = 1e-9;

    /** Checks the fields. */
    public Fitted {
      requireNonNull(agent, "agent is null");
      requireNonNull(fit, "fit is null");
    }

    /**
     * Whether the fitted curve is flat (success does not depend on task length), so the agent has
     * no horizon; such a fit is not "every run succeeded", which is {@link AllSucceeded}.
     */
    public boolean flat() {
      return !(Math.abs(fit.slope()) >= FLAT_SLOPE) || !Double.isFinite(fit.horizon(0.5));
    }

    /**
     * Whether success rises with task length (a positive slope). The horizon formula still gives a
     * number, but it is where the agent starts succeeding, not where it stops; METR warns against
     * reading such fits as horizons.
     */
    public boolean rising() {
      return !flat() && fit.slope() > 0;
    }

    @Override
    public double horizon(double p) {
      return fit.horizon(p);
    }
  }

  /**
   * An agent that failed every run: horizon 0, as METR reports it.
   *
   * @param agent the alias
   */
  record AllFailed(String agent) implements AgentFit {
    /** Checks the fields. */
    public AllFailed {
      requireNonNull(agent, "agent is null");
    }

    @Override
    public double horizon(double p) {
      return 0;
    }
  }

  /**
   * An agent that succeeded on every run. The intercept is unpenalised, so the objective has no
   * finite minimiser (it decreases without bound as b0 grows): the horizon is reported as infinite
   * rather than as an optimiser's stopping point.
   *
   * @param agent the alias
   */
  record AllSucceeded(String agent) implements AgentFit {
    /** Checks the fields. */
    public AllSucceeded {
      requireNonNull(agent, "agent is null");
    }

    @Override
    public double horizon(double p) {
      return Double.POSITIVE_INFINITY;
    }
  }
}
