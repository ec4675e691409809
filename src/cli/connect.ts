/**
 * The client the commands use: against AWS (default credential chain, `--region`,
 * `--profile`), any endpoint (`--endpoint`), or a local endpoint started in this process and
 * seeded with the demo shop (`--local`). Input validation is on, so a malformed `--filter` is a
 * usage error before anything is sent.
 */
import { XRayClient } from "../generated/XRayClient.js";
import { UsageError } from "./exit-codes.js";
import { seedShop } from "./seed-shop.js";
import { SHOP_REQUESTS } from "./shop-scenario.js";

/** The connection options shared by every command. */
export interface ConnectionOptions {
  readonly region?: string;
  readonly profile?: string;
  readonly endpoint?: string;
  readonly local?: boolean;
}

/** A client, and what to release when the command ends. */
export interface Connection {
  readonly client: XRayClient;
  /**
   * With `--local`: traces one more shop request starting at `nowMs` (tail uses it so there is
   * something to watch).
   */
  readonly simulateRequest?: (nowMs: number) => Promise<void>;
  /** Destroys the client and stops the local endpoint, if one was started. */
  close(): Promise<void>;
}

/** Credentials the local endpoint accepts: it does not verify signatures unless asked to. */
const LOCAL_CREDENTIALS = { accessKeyId: "AKIDTYPEDXRAYLOCAL", secretAccessKey: "typed-xray-local" };
/** The region a client signs for when `--endpoint` is given and no region is configured. */
const ENDPOINT_DEFAULT_REGION = "us-east-1";
/** How far back the seeded shop traffic starts, so a default `--since 15m` window holds it. */
const SEED_BACK_MS = 60_000;

/**
 * Opens the connection the options ask for.
 *
 * @param options - the connection options
 * @param env - the environment, for the region `--endpoint` signs for
 * @param now - the current time, epoch milliseconds
 * @returns the connection
 * @throws UsageError for `--local` with `--endpoint` or `--profile`, or an `--endpoint` that is not an http(s) URL
 * @throws Error named `ConfigError` when no region is given or configured (AWS only)
 */
export async function connect(options: ConnectionOptions, env: Readonly<Record<string, string | undefined>>, now: number): Promise<Connection> {
  if (options.local) {
    if (options.endpoint !== undefined || options.profile !== undefined) throw new UsageError("--local starts its own endpoint: it does not take --endpoint or --profile");
    const { startLocalXRay } = await import("../local/index.js");
    const xray = await startLocalXRay();
    const client = new XRayClient({ endpoint: xray.endpoint, region: options.region ?? ENDPOINT_DEFAULT_REGION, credentials: LOCAL_CREDENTIALS, validateInput: true });
    try {
      await seedShop(client, now - SEED_BACK_MS);
    } catch (error) {
      client.destroy();
      await xray.close();
      throw error;
    }
    let next = 0;
    return {
      client,
      simulateRequest: async (nowMs) => void (await seedShop(client, nowMs, [SHOP_REQUESTS[next++ % SHOP_REQUESTS.length]!])),
      async close() {
        client.destroy();
        await xray.close();
      },
    };
  }
  if (options.endpoint !== undefined && !/^https?:\/\/[^/]/i.test(options.endpoint)) {
    throw new UsageError(`--endpoint takes an http:// or https:// URL, not ${JSON.stringify(options.endpoint)}`);
  }
  const region = options.region ?? (options.endpoint !== undefined ? (env["AWS_REGION"] || env["AWS_DEFAULT_REGION"] || ENDPOINT_DEFAULT_REGION) : undefined);
  const client = new XRayClient({
    validateInput: true,
    ...(region !== undefined ? { region } : {}),
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
  });
  // Against AWS the region picks the endpoint: without one the endpoint rules fail with a
  // message about configuration; the client's own ConfigError says what to set (exit code 3).
  await client.config.region().catch((error: unknown) => {
    client.destroy();
    throw error;
  });
  return {
    client,
    async close() {
      client.destroy();
    },
  };
}
