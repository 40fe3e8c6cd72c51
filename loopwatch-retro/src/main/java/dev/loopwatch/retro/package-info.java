/**
 * The review retrospective: for each incident, find the change that introduced its bug (SZZ or a
 * declared cause), show that change to reviewers as it looked when it was proposed, and decide
 * whether any finding would have caught the bug.
 *
 * <p>Inputs are {@link dev.loopwatch.retro.Incident}s (read by {@link
 * dev.loopwatch.retro.Incidents} from JSONL or derived from history); {@link
 * dev.loopwatch.retro.RetroRunner} runs the pipeline and produces a {@link
 * dev.loopwatch.retro.RetroResult} with the per-reviewer funnel, strict ({@link
 * dev.loopwatch.retro.CatchRule}) and judged ({@link dev.loopwatch.retro.Judge}) catch rates with
 * bootstrap intervals, and false alarms on clean control changes.
 */
package dev.loopwatch.retro;
