/**
 * Witness policies: which log keys and witness cosigner keys a verifier trusts, and which sets of
 * witnesses must cosign a checkpoint before it is accepted.
 *
 * <p>The text format follows the tlog-policy style of c2sp.org (log, witness, group and quorum
 * directives, one per line); see {@link dev.loopwatch.ledger.policy.WitnessPolicy}.
 */
package dev.loopwatch.ledger.policy;
