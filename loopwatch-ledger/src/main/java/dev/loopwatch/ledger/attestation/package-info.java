/**
 * Signed attestation statements for the ledger: {@link
 * dev.loopwatch.ledger.attestation.Attestation} (schema {@code loopwatch.attestation/v1}, strict
 * parsing, canonical JSON) and {@link dev.loopwatch.ledger.attestation.SignedAttestation} (the
 * statement as a c2sp.org/signed-note signed by the declarant's own Ed25519 key, which is the entry
 * a log stores).
 */
package dev.loopwatch.ledger.attestation;
