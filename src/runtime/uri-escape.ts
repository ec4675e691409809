/**
 * RFC 3986 percent-encoding, the one the SigV4 signer, the endpoint rules (`uriEncode`), HTTP
 * label bindings and the transports' query strings all use.
 */

/**
 * `encodeURIComponent`, plus the `!'()*` it leaves alone and RFC 3986 counts as reserved.
 *
 * @param text - the text
 * @returns the encoded text
 */
export const escapeUri = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
