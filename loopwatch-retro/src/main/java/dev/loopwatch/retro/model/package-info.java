/**
 * Language models in the review retrospective: {@code --reviewer model:NAME} ({@link
 * dev.loopwatch.retro.model.ModelReviewer}) and {@code --judge model:NAME} ({@link
 * dev.loopwatch.retro.model.ModelJudge}), their documented prompts ({@link
 * dev.loopwatch.retro.model.ReviewPrompt}) and the strict reading of their answers.
 *
 * <p>{@link dev.loopwatch.retro.model.ModelRetro} holds the models of one run: one model stack, so
 * reviewers and judge share the response cache, the budget and the count of calls, costs and cache
 * hits that the retro reports and stores.
 */
package dev.loopwatch.retro.model;
