package dev.loopwatch.app.serve;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * Makes a long-running server give heap back to the system once it is idle: with G1 (the default
 * collector) the JVM otherwise keeps whatever heap a burst of requests made it commit (over 1 GB
 * after 50 clients for 60 s, docs/BENCHMARKS.md MEASURE 4). Sets G1's periodic collection and a
 * lower free-heap ratio, each only when the user has not set it (e.g. in LOOPWATCH_JAVA_OPTS).
 */
final class IdleHeap {
  /** The manageable HotSpot options set, and their values. */
  static final Map<String, String> OPTIONS =
      Map.of("G1PeriodicGCInterval", "5000", "MaxHeapFreeRatio", "30", "MinHeapFreeRatio", "10");

  private IdleHeap() {}

  /** Sets {@link #OPTIONS} that are still at their defaults; a JVM without them is left alone. */
  static void returnWhenIdle() {
    try {
      HotSpotDiagnosticMXBean hotspot =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      // MinHeapFreeRatio must stay at or below MaxHeapFreeRatio: lower it first.
      for (String name :
          new String[] {"MinHeapFreeRatio", "MaxHeapFreeRatio", "G1PeriodicGCInterval"}) {
        VMOption option = hotspot.getVMOption(name);
        if (option.isWriteable() && option.getOrigin() == VMOption.Origin.DEFAULT) {
          hotspot.setVMOption(name, OPTIONS.get(name));
        }
      }
    } catch (RuntimeException e) {
      // Another JVM or collector without these options: memory is then the JVM's default.
    }
  }
}
