/**
 * The provenance commands: {@code scan}, {@code provenance} and {@code report}, with their options,
 * configuration and text output.
 */
package dev.loopwatch.app.provenance;
