/**
 * The git capability's tables in the store: writing scans transactionally and reading them back for
 * metrics.
 */
package dev.loopwatch.git.store;
