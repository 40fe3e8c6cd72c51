/**
 * A transparency log witness (c2sp.org/tlog-witness): checks that each checkpoint a log submits is
 * signed by the log and consistent with the last one it cosigned for that origin, records it
 * durably, and returns a c2sp.org/tlog-cosignature cosignature.
 *
 * <p>The protocol logic, the request format and the crash-safe per-origin state live here; the HTTP
 * server that exposes {@code POST /add-checkpoint} is in the app module.
 */
package dev.loopwatch.ledger.witness;
