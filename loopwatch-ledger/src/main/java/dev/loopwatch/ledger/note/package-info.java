/**
 * C2SP signed notes (c2sp.org/signed-note): text signed by one or more keys.
 *
 * <p>Implements the spec's Format section (UTF-8 without control characters other than newline;
 * text ending in a newline, separated from the signature lines by the last blank line; signature
 * lines {@code "— <name> <base64(key ID || signature)>"}), Signatures (key ID {@code SHA-256(name
 * || 0x0A || type || public key)[:4]}; unknown keys ignored, a failing known key rejects the note,
 * at least one verified known key required, at most 100 signatures as in golang.org/x/mod
 * sumdb/note), Ed25519 signatures (type {@code 0x01}, RFC 8032, JDK crypto) and Verifier keys
 * ({@code name+hex(key ID)+base64(type || public key)}). Signer keys use the Go sumdb/note private
 * key encoding {@code PRIVATE+KEY+name+hex(key ID)+base64(type || seed)}.
 */
package dev.loopwatch.ledger.note;
