/** The embedded DuckDB store, its per-capability schema versions and transactional writes. */
package dev.loopwatch.core.store;
