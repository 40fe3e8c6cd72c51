/**
 * A C2SP-compatible transparency log: Merkle proofs, signed notes, checkpoints, tiles, witnesses
 * and the auditor.
 */
package dev.loopwatch.ledger;
