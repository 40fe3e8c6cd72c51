/**
 * Line-level AI evidence from git-ai authorship logs: the notes git-ai attaches to commits under
 * {@code refs/notes/ai} (Git AI Standard v3.0.0, schema {@code authorship/3.0.0}), parsed and
 * turned into per-file AI line sets.
 */
package dev.loopwatch.git.evidence.gitai;
