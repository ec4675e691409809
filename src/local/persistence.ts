/**
 * The `dataFile` of the local endpoint: an append-only file of JSON lines, one accepted change
 * per line, flushed to disk (`fsync`) before the request that made the change is answered.
 *
 * - Loading streams the file line by line, so its size is bounded by the disk, not by the
 *   longest string the JavaScript engine can build (about 512 MiB in V8): only one read chunk
 *   and one line are held at a time.
 * - Group commit: changes that arrive while a write is in flight are written together by the
 *   next one, so many concurrent clients cost one `fsync` per batch, not per request.
 * - A failed append (a full disk) is cut back to the length the file had before it, so no half
 *   line is left for the next append to land after; the requests it carried are refused and
 *   can be retried.
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

/** Bytes read from the data file at a time while loading it. */
const READ_CHUNK_BYTES = 1024 * 1024;
/**
 * Longest line the loader accepts, bytes. Far above any line this endpoint writes (a 64 KB
 * document escaped as JSON, or a telemetry call within the request body limit), and below the
 * longest string V8 can hold, so an altered file fails with a message instead of a crash.
 */
const MAX_LINE_BYTES = 256 * 1024 * 1024;

/** The file operations the journal needs: a `FileHandle` opened for appending provides them. */
export type JournalFile = Pick<FileHandle, "appendFile" | "truncate" | "sync" | "close">;

/** How a data file is read; the defaults suit real use, tests make them small. */
export interface DataFileLoadOptions {
  /** Bytes read at a time. */
  readonly chunkBytes?: number;
  /** Longest line accepted, bytes. */
  readonly maxLineBytes?: number;
}

/** A data file opened for appending, once its entries were handed over. */
export interface OpenedDataFile {
  /** Number of entries found and handed to `apply`. */
  readonly entryCount: number;
  /** Whether a torn last line was found and cut off. */
  readonly repaired: boolean;
  /** Appends further entries. */
  readonly journal: FileJournal;
}

/**
 * Opens (creating if needed) a data file, hands each of its entries to `apply` in order as it is
 * read, and repairs a torn last line.
 *
 * @param path - the file
 * @param apply - receives each entry, in file order
 * @param options - read chunk size and line limit
 * @returns the entry count and a journal appending to the file
 * @throws Error when a line other than the last is not a valid entry, or is too long
 */
export async function openDataFile(path: string, apply: (entry: JournalEntry) => void, options: DataFileLoadOptions = {}): Promise<OpenedDataFile> {
  const handle = await open(path, "a+");
  try {
    const { end, size, entryCount } = await readEntries(handle, path, apply, options);
    const repaired = end < size;
    if (repaired) {
      await handle.truncate(end);
      await handle.sync();
    }
    return { entryCount, repaired, journal: new FileJournal(handle, end) };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * Reads the file chunk by chunk and splits it on newline bytes (a newline byte never occurs
 * inside a multi-byte UTF-8 character, so splitting bytes is safe).
 *
 * @returns the offset just after the last newline, the file size and how many entries were applied
 */
async function readEntries(
  handle: FileHandle,
  path: string,
  apply: (entry: JournalEntry) => void,
  options: DataFileLoadOptions,
): Promise<{ end: number; size: number; entryCount: number }> {
  const chunkBytes = options.chunkBytes ?? READ_CHUNK_BYTES;
  const maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  const chunk = Buffer.allocUnsafe(chunkBytes);
  /** The start of the current line, not yet ended by a newline, in pieces. */
  let partial: Buffer[] = [];
  let partialBytes = 0;
  /** The current line is over the limit: its bytes are no longer kept. */
  let overlong = false;
  let lineNumber = 0;
  let entryCount = 0;
  let position = 0;
  let end = 0;
  const finishLine = (tail: Buffer): void => {
    lineNumber++;
    if (overlong || partialBytes + tail.length > maxLineBytes) {
      throw new Error(`${path}, line ${lineNumber}: longer than ${maxLineBytes} bytes; the data file was altered`);
    }
    const line = partialBytes === 0 ? tail : Buffer.concat([...partial, tail], partialBytes + tail.length);
    partial = [];
    partialBytes = 0;
    const entry = parseLine(line.toString("utf8"), path, lineNumber);
    if (entry === undefined) return;
    apply(entry);
    entryCount++;
  };
  for (;;) {
    const { bytesRead } = await handle.read(chunk, 0, chunkBytes, position);
    if (bytesRead === 0) break;
    const view = chunk.subarray(0, bytesRead);
    let start = 0;
    for (let newline = view.indexOf(0x0a); newline >= 0; newline = view.indexOf(0x0a, start)) {
      finishLine(view.subarray(start, newline));
      overlong = false;
      start = newline + 1;
      end = position + start;
    }
    if (start < bytesRead && !overlong) {
      const rest = Buffer.from(view.subarray(start));
      partialBytes += rest.length;
      if (partialBytes > maxLineBytes) {
        // Keep counting, stop keeping: a torn last line this long is cut off all the same.
        overlong = true;
        partial = [];
      } else {
        partial.push(rest);
      }
    }
    position += bytesRead;
  }
  return { end, size: position, entryCount };
}

function parseLine(line: string, path: string, lineNumber: number): JournalEntry | undefined {
  if (line.trim() === "") return undefined;
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    throw new Error(`${path}, line ${lineNumber}: not a JSON line; the data file was altered (only a torn last line is repaired automatically)`);
  }
  if (!isEntry(entry)) throw new Error(`${path}, line ${lineNumber}: not an entry this version understands`);
  return entry;
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
  readonly #file: JournalFile;
  /** The file's length after the last append that succeeded: what a failed append is cut back to. */
  #length: number;
  /** A failed append could not be cut back: do that first, before anything else is appended. */
  #damaged = false;
  #pending: string[] = [];
  #waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  #scheduled = false;
  /** Every file operation, in order. */
  #chain: Promise<void> = Promise.resolve();
  #closed = false;

  /**
   * @param file - the file, opened for appending
   * @param length - its current length, bytes (every complete line)
   */
  constructor(file: JournalFile, length: number) {
    this.#file = file;
    this.#length = length;
  }

  /**
   * Appends entries; resolves once they are on disk.
   *
   * @param entries - the changes of one request
   * @returns when they are durable; rejects when they could not be written (nothing of them is
   *   then left in the file)
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
      await this.#file.truncate(0);
      await this.#file.sync();
      this.#length = 0;
      this.#damaged = false;
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
    this.#chain = this.#chain.then(() => this.#file.close());
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
    const text = lines.join("");
    try {
      if (this.#damaged) await this.#cutBack();
      await this.#file.appendFile(text, "utf8");
      await this.#file.sync();
      this.#length += Buffer.byteLength(text, "utf8");
      for (const waiter of waiters) waiter.resolve();
    } catch (error) {
      // Part of the text may have reached the file: remove it, or the next append would land
      // after half a line and the file could not be loaded again.
      this.#damaged = true;
      await this.#cutBack().catch(() => undefined);
      for (const waiter of waiters) waiter.reject(error);
    }
  }

  /** Cuts the file back to the end of its last acknowledged line. */
  async #cutBack(): Promise<void> {
    await this.#file.truncate(this.#length);
    await this.#file.sync();
    this.#damaged = false;
  }
}
