/**
 * Which web pages may call the local endpoint from a browser. With signatures off (the default)
 * any page that can reach the endpoint could read and write the stored traces, so by default
 * only pages served from the developer's own machine (loopback origins) get CORS answers, and a
 * request that names any other origin is refused outright: a "simple" cross-origin POST is sent
 * by the browser without asking first, so withholding the CORS headers alone would not stop its
 * write. Browser-safe.
 *
 * @packageDocumentation
 */

/**
 * Origins the endpoint answers: `"*"` for any, or a list of exact origins
 * (`"http://dev.example:8080"`) and patterns matched against the whole origin.
 */
export type CorsOrigins = "*" | ReadonlyArray<string | RegExp>;

/** Decides whether a request's `Origin` may call the endpoint. */
export type OriginPolicy = (origin: string) => boolean;

/**
 * Whether an origin is a page served from this machine: `http`/`https` on `localhost` (or a
 * name under it, which browsers resolve to loopback themselves), `127.0.0.0/8` or `[::1]`.
 * The opaque origin `null` (sandboxed frames, `file:` pages) is not.
 *
 * @param origin - the `Origin` header
 * @returns whether it is a loopback origin
 */
export function isLoopbackOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  return isLoopbackHostname(url.hostname);
}

/**
 * Whether a host name (as in a URL: IPv6 in brackets) names this machine's loopback interface.
 *
 * @param hostname - e.g. `localhost`, `127.0.0.1`, `[::1]`
 * @returns whether it is loopback
 */
export function isLoopbackHostname(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  return name === "localhost" || name.endsWith(".localhost") || name === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(name);
}

/**
 * Builds the policy for an option value.
 *
 * @param allowed - the option; `undefined` for loopback origins only
 * @returns the policy
 */
export function createOriginPolicy(allowed: CorsOrigins | undefined): OriginPolicy {
  if (allowed === "*") return () => true;
  if (allowed === undefined) return isLoopbackOrigin;
  // Without the g and y flags, test() keeps no state between calls.
  const tests = allowed.map((entry) =>
    typeof entry === "string" ? (origin: string) => origin === entry : ((pattern: RegExp) => (origin: string) => pattern.test(origin))(new RegExp(entry.source, entry.flags.replace(/[gy]/g, ""))),
  );
  return (origin) => isLoopbackOrigin(origin) || tests.some((test) => test(origin));
}
