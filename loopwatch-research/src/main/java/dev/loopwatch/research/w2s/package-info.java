/**
 * The weak-to-strong method in Java: TF-IDF and a randomized truncated SVD fitted without labels
 * (the strong model's "pretraining"), logistic regression for the student and the weak teacher,
 * per-seed splits, the pre-registered baselines and a reference method that beats naive transfer
 * (see docs/RESEARCH.md, section "Tasks").
 */
package dev.loopwatch.research.w2s;
