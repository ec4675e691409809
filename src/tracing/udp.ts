/**
 * `UdpEmitter`: sends segment documents to the X-Ray daemon (or the CloudWatch agent, or Lambda's
 * built-in daemon) over UDP, one document per datagram, as the X-Ray SDKs do. Node only.
 *
 * @packageDocumentation
 * @module typed-xray/tracing/udp
 */
import { createSocket, type Socket } from "node:dgram";
import { isIPv6 } from "node:net";
import { utf8Length } from "../runtime/utf8.js";
import { describe, expandInput, type SendInput } from "./sender/documents.js";
import { DeliveryLedger, type DeliveryStats, type DropInfo } from "./sender/ledger.js";
import { checkInteger } from "./sender/options.js";
import { DEFAULT_DAEMON_ADDRESS, parseDaemonAddress, type DaemonAddress } from "./udp-address.js";

export { DEFAULT_DAEMON_ADDRESS, parseDaemonAddress, type DaemonAddress, type DaemonEndpoint } from "./udp-address.js";
export type { DeliveryStats, DropInfo, DropReason, RejectReason } from "./sender/ledger.js";
export type { SendInput } from "./sender/documents.js";

/** The line every datagram starts with; the daemon checks `format` and `version`. */
export const DAEMON_HEADER = '{"format":"json","version":1}\n';

/**
 * The largest datagram sent, header included: 65,507 bytes, the most an IPv4 UDP datagram can
 * carry (64 KiB less the IP and UDP headers); the daemon reads into a 64 KiB buffer. Larger sends
 * fail with `EMSGSIZE`, so documents are split (or rejected) to fit before sending.
 */
export const MAX_DATAGRAM_BYTES = 65_507;

/** The environment variable naming the daemon address. */
export const DAEMON_ADDRESS_VARIABLE = "AWS_XRAY_DAEMON_ADDRESS";

/** Options of {@link UdpEmitter}. */
export interface UdpEmitterOptions {
  /**
   * The daemon address, in the formats of `AWS_XRAY_DAEMON_ADDRESS`. Takes precedence over the
   * environment variable, as explicit client options do over the environment.
   * @defaultValue `AWS_XRAY_DAEMON_ADDRESS`, else `127.0.0.1:2000`
   */
  readonly address?: string;
  /**
   * Where `AWS_XRAY_DAEMON_ADDRESS` is read from.
   * @defaultValue process.env
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * The most datagrams handed to the socket and not yet confirmed; more are dropped as
   * `"queue-full"`.
   * @defaultValue 10000
   */
  readonly maxPending?: number;
  /** Told about every rejected or dropped document; exceptions it throws are ignored. */
  readonly onDrop?: (info: DropInfo) => void;
}

/**
 * Sends each document as one datagram: `{"format":"json","version":1}` + newline + document.
 * `send()` never throws; a document that cannot fit a datagram is rejected as `"too-large"`, a
 * socket error drops it as `"socket-error"`, and both are counted (see {@link stats}). "Sent"
 * means the socket accepted the datagram: UDP does not say whether the daemon got it.
 * The socket is `unref`'d, so it never keeps a process alive.
 *
 * @example
 * ```ts
 * const emitter = new UdpEmitter();   // AWS_XRAY_DAEMON_ADDRESS or 127.0.0.1:2000
 * emitter.send(segment);
 * await emitter.close();
 * ```
 */
export class UdpEmitter {
  /** Where datagrams go. */
  readonly address: DaemonAddress;
  readonly #maxPending: number;
  readonly #ledger: DeliveryLedger;
  readonly #headerBytes = utf8Length(DAEMON_HEADER);
  #socket: Socket | undefined;
  #closed = false;
  #closing: Promise<void> | undefined;
  #idle: (() => void)[] = [];

  /**
   * @param options - address, limits and drop callback
   * @throws TypeError when the address (option or environment variable) is malformed
   * @throws RangeError when `maxPending` is not a positive integer
   */
  constructor(options: UdpEmitterOptions = {}) {
    const env = options.env ?? process.env;
    const fromEnv = env[DAEMON_ADDRESS_VARIABLE];
    const [source, text] = options.address !== undefined ? ["options.address", options.address] : [DAEMON_ADDRESS_VARIABLE, fromEnv];
    if (text === undefined || text === "") {
      this.address = DEFAULT_DAEMON_ADDRESS;
    } else {
      const parsed = parseDaemonAddress(text);
      if (!parsed) {
        throw new TypeError(`UdpEmitter: ${source} ${JSON.stringify(text)} is not "host:port" or "udp:host:port tcp:host:port"`);
      }
      this.address = parsed;
    }
    this.#maxPending = checkInteger("maxPending", options.maxPending, 10_000, 1, Number.MAX_SAFE_INTEGER, "UdpEmitter");
    if (options.onDrop !== undefined && typeof options.onDrop !== "function") throw new TypeError("UdpEmitter: options.onDrop must be a function");
    this.#ledger = new DeliveryLedger(options.onDrop);
  }

  /**
   * Sends documents, one datagram each. Never throws.
   *
   * @param input - a JSON document, a `DocumentSource` (e.g. a `Segment`, split to fit a
   *   datagram with the header), or a list of them
   * @returns true when every document was handed to the socket
   */
  send(input: SendInput): boolean {
    const { accepted, refused, truncated, notSampled } = expandInput(input, MAX_DATAGRAM_BYTES - this.#headerBytes);
    this.#ledger.addTruncated(truncated);
    this.#ledger.addNotSampled(notSampled);
    for (const refusal of refused) this.#ledger.refuse({ outcome: "rejected", ...refusal });
    let all = refused.length === 0;
    for (const { text, bytes } of accepted) {
      if (this.#closed) {
        this.#ledger.refuse({ outcome: "rejected", reason: "sender-closed", count: 1, documents: [text], message: "send() after close()" });
        all = false;
      } else if (this.#ledger.pending >= this.#maxPending) {
        const message = `${this.#maxPending} datagrams are already waiting for the socket`;
        this.#ledger.refuse({ outcome: "dropped", reason: "queue-full", count: 1, documents: [text], message });
        all = false;
      } else {
        this.#transmit(text, bytes);
      }
    }
    return all;
  }

  /**
   * The counts so far; `received = sent + rejected + dropped.total + pending` always holds.
   *
   * @returns a snapshot
   */
  stats(): DeliveryStats {
    return this.#ledger.snapshot();
  }

  /**
   * Waits for the socket to confirm every datagram, then closes it. Later `send()`s are rejected
   * as `"sender-closed"`. Never rejects; calling it again returns the same promise.
   *
   * @returns a promise that resolves once the socket is closed
   */
  close(): Promise<void> {
    this.#closed = true;
    this.#closing ??= (async () => {
      if (this.#ledger.pending > 0) await new Promise<void>((resolve) => this.#idle.push(resolve));
      const socket = this.#socket;
      this.#socket = undefined;
      if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()));
    })();
    return this.#closing;
  }

  #transmit(text: string, bytes: number): void {
    this.#ledger.accept(bytes);
    const settle = (error: Error | null): void => {
      if (error) {
        const info: DropInfo = { outcome: "dropped", reason: "socket-error", count: 1, documents: [text], message: describe(error) };
        this.#ledger.failed(info, bytes);
      } else {
        this.#ledger.delivered(1, bytes);
      }
      if (this.#ledger.pending === 0) for (const wake of this.#idle.splice(0)) wake();
    };
    try {
      this.#ensureSocket().send(DAEMON_HEADER + text, this.address.udp.port, this.address.udp.host, settle);
    } catch (error) {
      // dgram throws synchronously for some argument errors; count them like asynchronous ones.
      settle(error instanceof Error ? error : new Error(String(error)));
    }
  }

  #ensureSocket(): Socket {
    if (!this.#socket) {
      const socket = createSocket(isIPv6(this.address.udp.host) ? "udp6" : "udp4");
      // Without a listener an 'error' event would throw; each send's callback reports its own.
      socket.on("error", () => undefined);
      socket.unref();
      this.#socket = socket;
    }
    return this.#socket;
  }
}
