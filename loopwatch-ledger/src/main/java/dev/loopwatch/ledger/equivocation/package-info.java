/**
 * Proofs that a log equivocated: signed two checkpoints for the same origin that cannot both be
 * views of one append-only tree (c2sp.org/tlog-checkpoint: "never sign two inconsistent
 * checkpoints").
 *
 * <p>An {@link dev.loopwatch.ledger.equivocation.EquivocationProof} holds both signed notes and,
 * when their sizes differ, the hashes of the larger tree that determine the root of its prefix of
 * the smaller size (an RFC 9162 section 2.1.4.2 consistency path, with the prefix's own node
 * prepended when the smaller size is a power of two). Anyone holding the log's public key can check
 * it offline: both notes are signed by the log, the path leads to the larger checkpoint's root, and
 * the prefix root it yields is not the smaller checkpoint's root.
 */
package dev.loopwatch.ledger.equivocation;
