/**
 * One research agent: its folders, the sandbox it runs in (the speedup harness's bubblewrap and
 * cgroup sandbox), the environment that tells it the run's endpoints, and the tokens and dollars
 * its own transcripts record.
 */
package dev.loopwatch.research.agent;
