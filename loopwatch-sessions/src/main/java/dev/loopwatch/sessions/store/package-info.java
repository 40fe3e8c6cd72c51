/**
 * The sessions capability's tables in the store: writing scanned transcripts in one transaction,
 * replacing what earlier scans of the same folders stored, and reading them back for the report.
 */
package dev.loopwatch.sessions.store;
