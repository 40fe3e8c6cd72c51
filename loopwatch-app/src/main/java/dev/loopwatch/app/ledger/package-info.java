/**
 * {@code loopwatch ledger}: create and operate a transparency log of signed attestations (init,
 * keygen, sign, append, prove, verify) and serve it over HTTP ({@link
 * dev.loopwatch.app.ledger.LedgerServer}) with batched, durable additions.
 */
package dev.loopwatch.app.ledger;
