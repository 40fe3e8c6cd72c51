/**
 * Moving a store's tables out as Parquet files and merging such exports into another store, so
 * scans can run on many machines (shards, CI jobs, a Spark cluster) and be reported in one place.
 */
package dev.loopwatch.core.store.exchange;
