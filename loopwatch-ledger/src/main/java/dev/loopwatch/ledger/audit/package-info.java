/**
 * The auditor of a log of signed attestations: reads a log (folder or URL) through a {@link
 * dev.loopwatch.ledger.audit.LogSource}, checks its checkpoint, witness quorum and consistency with
 * the last checkpoint it verified ({@link dev.loopwatch.ledger.audit.AuditState}), recomputes the
 * tree from the entry bundles, verifies every entry's declarant signature and checks the entries
 * against an {@link dev.loopwatch.ledger.audit.AuditPolicy}: compute caps per period, no run
 * started in a pause, run start/stop sequencing, heartbeats at the declared interval
 * (docs/LEDGER.md, "Audit").
 */
package dev.loopwatch.ledger.audit;
