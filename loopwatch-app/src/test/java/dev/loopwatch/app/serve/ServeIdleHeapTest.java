package dev.loopwatch.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The server's request to G1 to give idle heap back. */
class ServeIdleHeapTest {
  @Test
  void returnWhenIdle_defaultOptions_setsPeriodicCollectionAndFreeRatios() {
    HotSpotDiagnosticMXBean hotspot =
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    IdleHeap.returnWhenIdle();

    for (String name : IdleHeap.OPTIONS.keySet()) {
      assertThat(hotspot.getVMOption(name).getValue())
          .as(name)
          .isEqualTo(IdleHeap.OPTIONS.get(name));
    }
  }
}
