/**
 * Reuses the resolved middleware chain across calls.
 *
 * `@smithy/smithy-client` rebuilds the chain on every `send` (concatenating the client's and the
 * command's stacks, sorting them, wrapping every middleware): a quarter of the per-call CPU of a
 * small call. The chain only changes when a stack does, so for calls that bring nothing of their
 * own (no per-call options, an empty command stack) we build it once per command class and
 * rebuild it when the client's stack changes. Smithy's own `cacheMiddleware` option does the
 * same but never notices later stack changes; this cache does, by counting mutations.
 *
 * How it counts: `trackStackChanges` wraps the six methods through which a `MiddlewareStack`
 * changes (`add`, `addRelativeTo`, `remove`, `removeByTag`, `use`, `identifyOnResolve`) on the
 * client's own stack object, so every change, by us or by user middleware, bumps a version
 * number; a cached chain built at an older version is rebuilt. Smithy's stack has no change
 * event to listen to, which is why the methods are wrapped rather than observed.
 *
 * What it saves is measured by `npm run bench` (section "per call", our client against the
 * official one); `test/runtime/handler-cache.test.ts` proves a cached chain is never stale.
 * A cached chain is shared by concurrent calls, so what differs per call travels on the
 * arguments, never on the shared context (`call-context.ts`).
 */
import type { Handler, MiddlewareStack } from "@smithy/types";

const MUTATORS = ["add", "addRelativeTo", "remove", "removeByTag", "use", "identifyOnResolve"] as const;

interface Tracked {
  version: number;
  readonly handlers: Map<unknown, { version: number; handler: Handler<any, any> }>;
}

const tracked = new WeakMap<object, Tracked>();

/**
 * Starts counting changes to a client's middleware stack, so cached chains can be invalidated.
 *
 * @param stack - the client's stack
 */
export function trackStackChanges(stack: MiddlewareStack<any, any>): void {
  const state: Tracked = { version: 0, handlers: new Map() };
  const methods = stack as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of MUTATORS) {
    const original = methods[name];
    if (typeof original !== "function") continue;
    methods[name] = function (this: unknown, ...args: unknown[]) {
      state.version++;
      return original.apply(this, args);
    };
  }
  tracked.set(stack, state);
}

/**
 * The chain for a command class on a tracked stack, built by `build` when missing or stale.
 *
 * @param stack - the client's stack; untracked stacks are never cached
 * @param key - the command class
 * @param build - resolves the chain
 * @returns the chain
 */
export function cachedHandler(stack: MiddlewareStack<any, any>, key: unknown, build: () => Handler<any, any>): Handler<any, any> {
  const state = tracked.get(stack);
  if (!state) return build();
  const entry = state.handlers.get(key);
  if (entry && entry.version === state.version) return entry.handler;
  const handler = build();
  state.handlers.set(key, { version: state.version, handler });
  return handler;
}

/**
 * Whether a command's own stack is empty (the usual case), which makes its chain cacheable.
 *
 * @param stack - the command's stack
 * @returns true when nothing was added to it
 */
export function isEmptyStack(stack: MiddlewareStack<any, any>): boolean {
  return stack.identify().length === 0;
}
