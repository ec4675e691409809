/**
 * Which `Host` headers the node:http server answers: only names of this machine. A web page
 * can make the developer's browser talk to the local endpoint under a name the page's author
 * controls (DNS rebinding: `evil.example` first resolves to the author's server, then to
 * 127.0.0.1); the browser then treats the endpoint as the page's own origin, so CORS no longer
 * protects it. The `Host` header still carries the author's name, and that is refused.
 *
 * Node only.
 *
 * @packageDocumentation
 */
import { hostname as machineName, networkInterfaces } from "node:os";
import { isLoopbackHostname } from "./origin-policy.js";

/** Host names the server answers beyond its own: `"*"` for any, or exact names. */
export type AllowedHosts = "*" | readonly string[];

/** Decides whether a request's `Host` header names this server. */
export type HostPolicy = (hostHeader: string | undefined) => boolean;

/** Addresses that mean "every interface": the server is then reachable at each of them. */
const WILDCARDS = new Set(["0.0.0.0", "::", "[::]"]);

/**
 * Builds the policy of a server.
 *
 * @param boundHost - the interface the server listens on
 * @param allowed - further names to accept (`allowedHosts`)
 * @returns the policy
 */
export function createHostPolicy(boundHost: string, allowed: AllowedHosts | undefined): HostPolicy {
  if (allowed === "*") return () => true;
  const names = new Set<string>([machineName(), ...(allowed ?? [])].map(normalize));
  if (WILDCARDS.has(boundHost)) {
    for (const addresses of Object.values(networkInterfaces())) {
      for (const { address, family } of addresses ?? []) names.add(normalize(family === "IPv6" ? `[${address}]` : address));
    }
  } else {
    names.add(normalize(boundHost.includes(":") && !boundHost.startsWith("[") ? `[${boundHost}]` : boundHost));
  }
  return (hostHeader) => {
    // HTTP/1.0 clients may omit it; browsers always send it, so no page can use its absence.
    if (hostHeader === undefined) return true;
    const name = normalize(hostOf(hostHeader));
    return isLoopbackHostname(name) || names.has(name);
  };
}

/** The host name of a `Host` header, without its port (IPv6 literals keep their brackets). */
function hostOf(header: string): string {
  const value = header.trim();
  if (value.startsWith("[")) {
    const close = value.indexOf("]");
    return close < 0 ? value : value.slice(0, close + 1);
  }
  const colon = value.lastIndexOf(":");
  return colon < 0 ? value : value.slice(0, colon);
}

const normalize = (name: string): string => name.toLowerCase().replace(/\.$/, "");
