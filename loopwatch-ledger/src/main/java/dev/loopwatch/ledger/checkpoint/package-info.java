/**
 * Transparency log checkpoints and their witness cosignatures.
 *
 * <p>Implements c2sp.org/tlog-checkpoint section "Note text" (origin, decimal tree size without
 * leading zeroes, base64 root hash, optional non-empty extension lines) and
 * c2sp.org/tlog-cosignature for Ed25519 (signature type {@code 0x04}: key ID {@code SHA-256(name ||
 * 0x0A || 0x04 || public key)[:4]}, signed message {@code "cosignature/v1\ntime <t>\n"} followed by
 * the checkpoint text, signature {@code u64be(timestamp) || Ed25519 signature}).
 */
package dev.loopwatch.ledger.checkpoint;
