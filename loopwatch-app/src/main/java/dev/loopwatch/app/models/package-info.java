/** The {@code loopwatch models} commands: list the configured models, check one. */
package dev.loopwatch.app.models;
