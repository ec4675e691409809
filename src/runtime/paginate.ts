/**
 * Pagination over operations with the `smithy.api#paginated` trait, as async iterables of
 * pages, compatible with `@aws-sdk/client-xray`'s `paginateX(config, input)` functions.
 */
import type { Client, Command, MetadataBearer, PaginationConfiguration as SmithyPaginationConfiguration } from "@smithy/types";

/** The first argument of every paginator. */
export interface PaginationConfiguration extends SmithyPaginationConfiguration {
  /** The client that sends each page's request. */
  client: Client<any, any, any>;
}

/** How a paginated operation names its tokens and page size (from its trait). */
export interface PaginationDeclaration {
  /** Input member carrying the token. */
  readonly inputToken: string;
  /** Output path (dot-separated) of the next token. */
  readonly outputToken: string;
  /** Input member carrying the page size, if the operation has one. */
  readonly pageSize?: string;
}

/**
 * Yields every page of a paginated operation, stopping when the service returns no next token
 * (or, with `stopOnSameToken`, the same token twice).
 *
 * @param CommandClass - the operation's command
 * @param declaration - the operation's pagination trait
 * @param config - the client and options
 * @param input - the first page's input
 * @param sendArguments - extra arguments for `client.send` (e.g. `{ abortSignal }`)
 * @returns an async iterable of whole pages
 */
export async function* paginate<I extends object, O extends MetadataBearer>(
  CommandClass: new (input: I) => Command<any, I, any, O, any>,
  declaration: PaginationDeclaration,
  config: PaginationConfiguration,
  input: I,
  ...sendArguments: unknown[]
): AsyncGenerator<O, undefined, unknown> {
  let token: unknown = config.startingToken ?? (input as Record<string, unknown>)[declaration.inputToken];
  for (;;) {
    const pageInput: Record<string, unknown> = { ...input, [declaration.inputToken]: token };
    if (declaration.pageSize && config.pageSize !== undefined) pageInput[declaration.pageSize] = config.pageSize;
    const page = (await (config.client.send as (...args: unknown[]) => Promise<O>)(
      new CommandClass(pageInput as I),
      ...sendArguments,
    )) as O;
    yield page;
    const previous = token;
    token = declaration.outputToken.split(".").reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], page);
    if (token === undefined || token === null || token === "" || (config.stopOnSameToken && token === previous)) return undefined;
  }
}
