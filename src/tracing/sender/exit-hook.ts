/**
 * Running code when a Node process is about to exit on its own (its event loop is empty:
 * `beforeExit`), so a sender can deliver what is still queued before the process ends. Not
 * `exit`, where no more I/O can happen, and not signals, which the application owns. One process
 * listener serves every sender (no listener-count warning with many of them). Browser-safe: where
 * there is no `process.on`, it does nothing.
 */

/** The part of Node's `process` used here. */
interface ProcessEvents {
  on(event: "beforeExit", listener: () => void): unknown;
}

const callbacks = new Set<() => void>();
let listening = false;

/**
 * Calls `callback` on each `beforeExit` of the Node process, until the returned function is called.
 *
 * @param callback - what to do; work it starts (a request) keeps the process alive until it ends
 * @returns a function that removes the callback
 */
export function onBeforeExit(callback: () => void): () => void {
  const events = (globalThis as { process?: Partial<ProcessEvents> }).process;
  if (typeof events?.on !== "function") return () => undefined;
  if (!listening) {
    listening = true;
    events.on("beforeExit", () => {
      for (const run of [...callbacks]) {
        try {
          run();
        } catch {
          // One sender's failure must not keep the others from flushing.
        }
      }
    });
  }
  callbacks.add(callback);
  return () => void callbacks.delete(callback);
}
