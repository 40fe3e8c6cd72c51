/** AI share and throughput metrics over merged changes, and the report model they fill. */
package dev.loopwatch.git.metrics;
