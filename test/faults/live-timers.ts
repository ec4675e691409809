/**
 * Finds timers that outlive the work that created them: a timer left running after a call has
 * ended keeps the process alive (a CLI that aborted its call does not exit) and fires into
 * state nobody waits on any more.
 *
 * `process.getActiveResourcesInfo()` cannot tell whose timers it counts (vitest's own come and
 * go), so this follows each `Timeout` resource from creation to destruction with async_hooks.
 */
import { createHook } from "node:async_hooks";

/** Timers created while recording, and which of them are still alive. */
export interface TimerWatch {
  /** Stops recording new timers; those already recorded are still followed. */
  stopRecording(): void;
  /** Where each recorded timer that has not fired or been cleared was created. */
  alive(): string[];
  /** Stops following timers altogether. */
  dispose(): void;
}

/**
 * Starts recording the timers created from now on.
 *
 * @returns the watch
 */
export function watchTimers(): TimerWatch {
  let recording = true;
  const live = new Map<number, string>();
  const hook = createHook({
    init(asyncId, type) {
      if (!recording || type !== "Timeout") return;
      // Skip this hook and Node's timer internals: the creator is the first frame after them.
      const frames = (new Error().stack ?? "")
        .split("\n")
        .slice(1)
        .map((line) => line.trim())
        .filter((line) => !/node:internal|node:timers|AsyncHook\.init/.test(line));
      live.set(asyncId, frames.slice(0, 3).join(" < "));
    },
    destroy(asyncId) {
      live.delete(asyncId);
    },
  }).enable();
  return {
    stopRecording() {
      recording = false;
    },
    alive: () => [...live.values()],
    dispose() {
      hook.disable();
    },
  };
}
