/**
 * {@code loopwatch judgment}: the research-judgment evaluation on the command line; {@code mine}
 * turns transcripts into items, {@code check} validates an items file (the model-facing {@code run}
 * is still to come).
 */
package dev.loopwatch.app.judgment;
