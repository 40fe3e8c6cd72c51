/**
 * Research tasks: the {@code task.toml} format, the built-in tasks, and the datasets they fetch
 * into the Loopwatch cache and verify by checksum (see docs/RESEARCH.md, section "Tasks").
 */
package dev.loopwatch.research.task;
