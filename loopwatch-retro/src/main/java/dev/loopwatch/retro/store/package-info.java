/**
 * The retro's tables in the store ({@link dev.loopwatch.retro.store.RetroStore#PART}): each run
 * with its reviewers, incidents, reviews and model numbers, and the readers the report uses.
 */
package dev.loopwatch.retro.store;
