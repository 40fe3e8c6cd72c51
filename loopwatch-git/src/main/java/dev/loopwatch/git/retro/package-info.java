/**
 * The review retrospective: for each incident, find the change that introduced its bug (SZZ or a
 * declared cause), show that change to reviewers as it looked when it was proposed, and decide
 * whether any finding would have caught the bug.
 *
 * <p>Inputs are {@link dev.loopwatch.git.retro.Incident}s (read by {@link
 * dev.loopwatch.git.retro.Incidents} from JSONL or derived from history); {@link
 * dev.loopwatch.git.retro.RetroRunner} runs the pipeline and produces a {@link
 * dev.loopwatch.git.retro.RetroResult} with the per-reviewer funnel, strict ({@link
 * dev.loopwatch.git.retro.CatchRule}) and judged ({@link dev.loopwatch.git.retro.Judge}) catch
 * rates with bootstrap intervals, and false alarms on clean control changes.
 */
package dev.loopwatch.git.retro;
