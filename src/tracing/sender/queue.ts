/**
 * The sender's queue: documents waiting to be batched, batches waiting to be sent again, and the
 * bookkeeping that lets `flush()` wait for exactly the documents that were received before it.
 *
 * Browser-safe.
 */

/** A document between `send()` and its outcome. */
export interface QueuedDocument {
  readonly text: string;
  readonly bytes: number;
  /** The flush generation it was received in (see {@link DocumentQueue.flushPoint}). */
  readonly generation: number;
  /** Failed attempts so far. */
  attempts: number;
  /** The segment id, parsed only when X-Ray reports unprocessed documents; `null` if none. */
  id?: string | null;
}

/**
 * Documents waiting in arrival order, plus whole batches to send before them (batches that must
 * keep their shape: retried after a failure, or halves of a batch being split).
 */
export class DocumentQueue {
  #documents: QueuedDocument[] = [];
  #batches: QueuedDocument[][] = [];
  #generation = 0;
  /** Unsettled documents per generation; a generation disappears when it reaches zero. */
  readonly #unsettled = new Map<number, number>();
  #waiters: { generation: number; resolve: () => void }[] = [];

  /** Documents and batched documents waiting (not those in flight). */
  get waiting(): number {
    let count = this.#documents.length;
    for (const batch of this.#batches) count += batch.length;
    return count;
  }

  /** Whether a flush is waiting for documents to settle. */
  get flushing(): boolean {
    return this.#waiters.length > 0;
  }

  /**
   * Queues a new document.
   *
   * @param text - the document
   * @param bytes - its UTF-8 size
   */
  add(text: string, bytes: number): void {
    this.#documents.push({ text, bytes, generation: this.#generation, attempts: 0 });
    this.#unsettled.set(this.#generation, (this.#unsettled.get(this.#generation) ?? 0) + 1);
  }

  /**
   * Puts documents back at the head of the line, to be batched with the next ones.
   *
   * @param documents - documents taken earlier
   */
  returnToFront(documents: readonly QueuedDocument[]): void {
    this.#documents.unshift(...documents);
  }

  /**
   * Puts batches back, to be sent as they are before anything else.
   *
   * @param batches - in the order they should go
   */
  returnBatches(...batches: QueuedDocument[][]): void {
    this.#batches.unshift(...batches.filter((batch) => batch.length > 0));
  }

  /**
   * The next batch to send: a returned batch first, then up to `size` queued documents.
   *
   * @param size - the batch size
   * @param partial - whether fewer than `size` queued documents may go (on flush or timer)
   * @returns the batch, or `undefined` when nothing is ready
   */
  take(size: number, partial: boolean): QueuedDocument[] | undefined {
    const batch = this.#batches.shift();
    if (batch) return batch;
    if (this.#documents.length === 0 || (this.#documents.length < size && !partial)) return undefined;
    return this.#documents.splice(0, size);
  }

  /**
   * Empties the queue (documents in flight are not in it).
   *
   * @returns everything that was waiting
   */
  takeAll(): QueuedDocument[] {
    const all = [...this.#batches.flat(), ...this.#documents];
    this.#batches = [];
    this.#documents = [];
    return all;
  }

  /**
   * Records that documents reached an outcome, and wakes the flushes that were waiting for them.
   *
   * @param documents - documents that were sent, rejected or dropped
   */
  settled(documents: readonly QueuedDocument[]): void {
    for (const document of documents) {
      const left = (this.#unsettled.get(document.generation) ?? 0) - 1;
      if (left > 0) this.#unsettled.set(document.generation, left);
      else this.#unsettled.delete(document.generation);
    }
    if (this.#waiters.length === 0) return;
    const oldest = Math.min(Infinity, ...this.#unsettled.keys());
    const ready = this.#waiters.filter((waiter) => waiter.generation < oldest);
    if (ready.length === 0) return;
    this.#waiters = this.#waiters.filter((waiter) => waiter.generation >= oldest);
    for (const waiter of ready) waiter.resolve();
  }

  /**
   * A promise that resolves once every document queued so far has settled; documents queued
   * later belong to the next generation and are not waited for.
   *
   * @returns the promise (already resolved when nothing is unsettled)
   */
  flushPoint(): Promise<void> {
    const generation = this.#generation++;
    if (![...this.#unsettled.keys()].some((pending) => pending <= generation)) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ generation, resolve }));
  }
}
