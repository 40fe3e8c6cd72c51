/**
 * The git miner as an Apache Spark job: an organisation's repositories packed into partitions
 * largest-first, each mined on an executor by {@link dev.loopwatch.git.scan.RepositoryMiner} into
 * its own export folder and state file, for {@code loopwatch import} to merge. An optional module
 * (Maven profile {@code spark}); Spark is a provided dependency.
 */
package dev.loopwatch.spark;
