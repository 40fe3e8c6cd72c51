/**
 * Renders the provenance report ({@link dev.loopwatch.git.metrics.ProvenanceReport}) as a
 * self-contained HTML page ({@link dev.loopwatch.app.report.HtmlReport}), stable JSON ({@link
 * dev.loopwatch.app.report.JsonReport}) and tidy CSV ({@link dev.loopwatch.app.report.CsvReport}).
 */
package dev.loopwatch.app.report;
