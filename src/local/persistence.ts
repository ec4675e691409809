/**
 * The `dataFile` of the local endpoint: an append-only file of JSON lines, one accepted change
 * per line, flushed to disk (`fsync`) before the request that made the change is answered.
 *
 * - Group commit: changes that arrive while a write is in flight are written together by the
 *   next one, so many concurrent clients cost one `fsync` per batch, not per request.
 * - A crash can only tear the last line. On start-up a torn last line is cut off (so later
 *   appends start on a fresh line) and everything before it is replayed. A damaged line
 *   anywhere else means the file was altered by something else: start-up fails and says where,
 *   rather than silently dropping data.
 *
 * Node only; used by `startLocalXRay`.
 *
 * @packageDocumentation
 */
import { open, type FileHandle } from "node:fs/promises";
import type { Journal, JournalEntry } from "./engine/journal.js";

/** A data file opened for appending, with the entries it already held. */
export interface OpenedDataFile {
  /** The complete entries found, in order. */
  readonly entries: readonly JournalEntry[];
  /** Whether a torn last line was found and cut off. */
  readonly repaired: boolean;
  /** Appends further entries. */
  readonly journal: FileJournal;
}

/**
 * Opens (creating if needed) a data file, reads its entries and repairs a torn last line.
 *
 * @param path - the file
 * @returns the entries and a journal appending to the file
 * @throws Error when a line other than the last is not a valid entry
 */
export async function openDataFile(path: string): Promise<OpenedDataFile> {
  const handle = await open(path, "a+");
  try {
    const bytes = await handle.readFile();
    const end = bytes.lastIndexOf(0x0a) + 1;
    const repaired = end < bytes.length;
    if (repaired) {
      await handle.truncate(end);
      await handle.sync();
    }
    const entries = parseLines(bytes.subarray(0, end).toString("utf8"), path);
    return { entries, repaired, journal: new FileJournal(handle) };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

function parseLines(text: string, path: string): JournalEntry[] {
  const entries: JournalEntry[] = [];
  const lines = text.split("\n");
  lines.pop(); // the empty string after the final newline
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      throw new Error(`${path}, line ${index + 1}: not a JSON line; the data file was altered (only a torn last line is repaired automatically)`);
    }
    if (!isEntry(entry)) throw new Error(`${path}, line ${index + 1}: not an entry this version understands`);
    entries.push(entry);
  });
  return entries;
}

function isEntry(value: unknown): value is JournalEntry {
  if (typeof value !== "object" || value === null) return false;
  const entry = value as Record<string, unknown>;
  if (entry["type"] === "segment") return typeof entry["text"] === "string" && typeof entry["receivedAt"] === "number";
  if (entry["type"] === "telemetry") return typeof entry["batch"] === "object" && entry["batch"] !== null;
  return false;
}

/** Appends entries to the data file with group commit. */
export class FileJournal implements Journal {
  readonly #handle: FileHandle;
  #pending: string[] = [];
  #waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  #scheduled = false;
  /** Every file operation, in order. */
  #chain: Promise<void> = Promise.resolve();
  #closed = false;

  /** @param handle - the file, opened for appending */
  constructor(handle: FileHandle) {
    this.#handle = handle;
  }

  /**
   * Appends entries; resolves once they are on disk.
   *
   * @param entries - the changes of one request
   * @returns when they are durable
   */
  record(entries: readonly JournalEntry[]): Promise<void> {
    if (this.#closed) return Promise.reject(new Error("the data file is closed"));
    for (const entry of entries) this.#pending.push(`${JSON.stringify(entry)}\n`);
    const written = new Promise<void>((resolve, reject) => this.#waiters.push({ resolve, reject }));
    if (!this.#scheduled) {
      this.#scheduled = true;
      this.#chain = this.#chain.then(() => this.#flush());
    }
    return written;
  }

  /**
   * Empties the file (after pending writes, which are dropped with it).
   *
   * @returns when the file is empty on disk
   */
  truncate(): Promise<void> {
    // Changes recorded before the reset were cleared from memory with it: drop them here too,
    // and let changes recorded from now on start a flush of their own, after the truncation.
    for (const waiter of this.#waiters) waiter.resolve();
    this.#pending = [];
    this.#waiters = [];
    this.#scheduled = false;
    const done = this.#chain.then(async () => {
      await this.#handle.truncate(0);
      await this.#handle.sync();
    });
    this.#chain = done.catch(() => undefined);
    return done;
  }

  /**
   * Writes what is pending, then closes the file.
   *
   * @returns when the file is closed
   */
  close(): Promise<void> {
    if (this.#closed) return this.#chain;
    this.#closed = true;
    this.#chain = this.#chain.then(() => this.#handle.close());
    return this.#chain;
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    const lines = this.#pending;
    const waiters = this.#waiters;
    this.#pending = [];
    this.#waiters = [];
    if (lines.length === 0) {
      for (const waiter of waiters) waiter.resolve();
      return;
    }
    try {
      await this.#handle.appendFile(lines.join(""), "utf8");
      await this.#handle.sync();
      for (const waiter of waiters) waiter.resolve();
    } catch (error) {
      for (const waiter of waiters) waiter.reject(error);
    }
  }
}
