/** Periods and the buckets of time series. */
package dev.loopwatch.core.time;
