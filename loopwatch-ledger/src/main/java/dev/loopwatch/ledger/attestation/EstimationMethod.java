package dev.loopwatch.ledger.attestation;

import dev.loopwatch.core.error.LoopwatchException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** How the declared compute was obtained, with its JSON name. */
public enum EstimationMethod {
  /** Read from accelerator telemetry or hardware counters. */
  MEASURED("measured"),
  /** Computed from the model and data, e.g. 6 x parameters x tokens. */
  ANALYTICAL("analytical"),
  /** Derived from cloud billing or scheduler accounting of accelerator time. */
  BILLING("billing");

  private final String jsonName;

  EstimationMethod(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The name used in the {@code compute.method} field. */
  public String jsonName() {
    return jsonName;
  }

  /**
   * The method with this JSON name.
   *
   * @throws LoopwatchException listing the accepted names
   */
  public static EstimationMethod fromJson(String name) {
    for (EstimationMethod method : values()) {
      if (method.jsonName.equals(name)) {
        return method;
      }
    }
    throw LoopwatchException.userInput(
        "attestation field \"compute.method\": unknown estimation method \""
            + name
            + "\", expected one of "
            + Arrays.stream(values())
                .map(EstimationMethod::jsonName)
                .collect(Collectors.joining(", ")));
  }
}
