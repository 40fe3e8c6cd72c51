/**
 * {@code loopwatch szz}: the SZZ step of the review retrospective, alone, with PySZZ-style JSON.
 */
package dev.loopwatch.app.szz;
