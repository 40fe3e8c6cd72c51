/**
 * RFC 6962 Merkle tree hashing with RFC 9162 proofs.
 *
 * <p>Implements RFC 6962 section 2.1 (the Merkle Tree Hash: {@code MTH({}) = SHA-256()}, leaf hash
 * {@code SHA-256(0x00 || d)}, node hash {@code SHA-256(0x01 || left || right)}, split at the
 * largest power of two smaller than the size), proof generation per RFC 6962 sections 2.1.1 ({@code
 * PATH}) and 2.1.2 ({@code PROOF}/{@code SUBPROOF}), and proof verification per RFC 9162 sections
 * 2.1.3.2 (inclusion) and 2.1.4.2 (consistency). Every hash is exactly 32 bytes ({@link
 * dev.loopwatch.ledger.merkle.Hash}).
 */
package dev.loopwatch.ledger.merkle;
