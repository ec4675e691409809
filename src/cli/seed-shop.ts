/**
 * Fills an X-Ray endpoint with the demo shop's traces (src/cli/shop-scenario.ts), for
 * `typed-xray --local` and the examples.
 */
import type { XRayClient } from "../generated/XRayClient.js";
import { SegmentSender } from "../tracing/sender/sender.js";
import { SHOP_REQUESTS, traceRequest, type ShopRequest } from "./shop-scenario.js";

/**
 * Traces shop requests and sends their segments with PutTraceSegments.
 *
 * @param client - a client of the endpoint to fill
 * @param firstMs - when the first request arrives (epoch milliseconds)
 * @param requests - the requests, oldest first
 * @param spacingMs - milliseconds between two requests
 * @returns how many segment documents the endpoint accepted
 * @defaultValue requests {@link SHOP_REQUESTS}, spacingMs 5000
 */
export async function seedShop(client: XRayClient, firstMs: number, requests: readonly ShopRequest[] = SHOP_REQUESTS, spacingMs = 5_000): Promise<number> {
  const sender = new SegmentSender({ client, flushIntervalMs: 0 });
  requests.forEach((request, i) => {
    for (const segment of traceRequest(request, firstMs + i * spacingMs)) sender.send(segment);
  });
  await sender.close();
  return sender.stats().sent;
}
