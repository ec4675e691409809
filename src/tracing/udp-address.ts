/**
 * Parsing the X-Ray daemon address as `AWS_XRAY_DAEMON_ADDRESS` spells it: `host:port` (UDP
 * segments and TCP sampling calls on the same address) or `udp:host:port tcp:host:port` (either
 * order). IPv6 literals go in brackets: `[::1]:2000`.
 */

/** One endpoint of the daemon. */
export interface DaemonEndpoint {
  /** Host name or IP address (IPv6 without brackets). */
  readonly host: string;
  /** Port number, 1 to 65535. */
  readonly port: number;
}

/** Where the daemon listens. */
export interface DaemonAddress {
  /** Where segment documents go. */
  readonly udp: DaemonEndpoint;
  /** Where sampling calls go (not used by the emitter; parsed so the whole value is checked). */
  readonly tcp: DaemonEndpoint;
}

/** The address the daemon listens on by default. */
export const DEFAULT_DAEMON_ADDRESS: DaemonAddress = {
  udp: { host: "127.0.0.1", port: 2000 },
  tcp: { host: "127.0.0.1", port: 2000 },
};

/**
 * Parses a daemon address. Never throws.
 *
 * @param value - e.g. `127.0.0.1:2000`, `xray-daemon:2000`, `tcp:10.0.0.1:2000 udp:10.0.0.2:2001`
 * @returns the address, or `undefined` when the value is malformed
 * @example
 * ```ts
 * parseDaemonAddress("udp:127.0.0.1:2001 tcp:127.0.0.1:2000")?.udp; // { host: "127.0.0.1", port: 2001 }
 * ```
 */
export function parseDaemonAddress(value: string): DaemonAddress | undefined {
  if (typeof value !== "string") return undefined;
  const parts = value.trim().split(/\s+/);
  if (parts.length === 1 && parts[0] !== "") {
    const prefixed = /^(udp|tcp):(.*)$/i.exec(parts[0]!);
    // A lone `udp:h:p` (or `tcp:h:p`) names both, like a bare `h:p`.
    const endpoint = parseEndpoint(prefixed ? prefixed[2]! : parts[0]!);
    return endpoint && { udp: endpoint, tcp: endpoint };
  }
  if (parts.length !== 2) return undefined;
  const found: Partial<Record<"udp" | "tcp", DaemonEndpoint>> = {};
  for (const part of parts) {
    const match = /^(udp|tcp):(.*)$/i.exec(part);
    if (!match) return undefined;
    const protocol = match[1]!.toLowerCase() as "udp" | "tcp";
    const endpoint = parseEndpoint(match[2]!);
    if (!endpoint || found[protocol]) return undefined;
    found[protocol] = endpoint;
  }
  return found.udp && found.tcp ? { udp: found.udp, tcp: found.tcp } : undefined;
}

function parseEndpoint(text: string): DaemonEndpoint | undefined {
  const bracketed = /^\[([0-9A-Fa-f:.]+)\]:(\d{1,5})$/.exec(text);
  const plain = /^([^\s:[\]]+):(\d{1,5})$/.exec(text);
  const match = bracketed ?? plain;
  if (!match) return undefined;
  const port = Number(match[2]);
  if (port < 1 || port > 65_535) return undefined;
  return { host: match[1]!, port };
}
