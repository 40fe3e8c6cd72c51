/** The replay provider: answers recorded in a JSONL file, looked up by request hash. */
package dev.loopwatch.models.replay;
