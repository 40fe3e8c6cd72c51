/**
 * The sealed scoring server: the only holder of a task's labels, scoring agents' dev submissions
 * under a quota and rate limit, scoring the sealed final split only for the operator, flagging
 * probes, and logging every decision (see docs/RESEARCH.md, section "Scoring server").
 */
package dev.loopwatch.research.scoring;
