/** Capability trend fits: METR-style time horizons, doubling times, breakpoints and projections. */
package dev.loopwatch.trends;
