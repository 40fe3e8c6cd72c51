/**
 * Offline proofs of inclusion in a transparency log, in the c2sp.org/tlog-proof@v1 text format:
 * {@link dev.loopwatch.ledger.proof.TlogProof} builds, writes, strictly parses and verifies them.
 */
package dev.loopwatch.ledger.proof;
