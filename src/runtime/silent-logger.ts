/** The logger of a client given none. */
import type { Logger } from "@smithy/types";

const noop = (): void => {};

/**
 * A logger that drops everything, like `NoOpLogger` of `@smithy/smithy-client`; a module of its
 * own so the platform can tell "no logger given" (warnings then go to the console, as the
 * official client's do) without importing the client configuration.
 */
export const silentLogger: Logger = { trace: noop, debug: noop, info: noop, warn: noop, error: noop };
