/**
 * Applying accepted changes so that memory and the journal never disagree about what was
 * acknowledged: a change reaches memory (and so any answer) only once its journal line is
 * durable; when the journal refuses it, nothing of it is kept and the caller gets a retryable
 * 500.
 *
 * @packageDocumentation
 */
import type { EngineContext } from "./context.js";
import { LocalXRayError } from "./errors.js";
import type { JournalEntry } from "./journal.js";

/**
 * Journals `entries`, then runs `apply`.
 *
 * @param context - the engine state
 * @param entries - the changes, as journaled
 * @param apply - puts the changes in memory
 * @param subject - what the changes are, for the error message ("The documents")
 * @throws LocalXRayError `InternalFailure` (500, retryable) when the journal could not store them
 */
export async function commitChanges(context: EngineContext, entries: readonly JournalEntry[], apply: () => void, subject: string): Promise<void> {
  if (!context.journal || entries.length === 0) {
    apply();
    return;
  }
  const generation = context.store.generation;
  try {
    await context.journal.record(entries);
  } catch {
    throw new LocalXRayError("InternalFailure", `${subject} could not be written to the data file and were not stored; retry the request`);
  }
  // A reset while the write was in flight dropped these changes from the file as well: memory
  // must not keep what the file no longer has.
  if (context.store.generation === generation) apply();
}
