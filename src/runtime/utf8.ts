/**
 * UTF-8 sizes without encoding: request bodies, the 64 KB segment-document limit and UDP
 * datagrams are all measured in UTF-8 bytes, and encoding a string only to count it would copy it.
 */

const isLowSurrogate = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff;

/**
 * The size of a string once UTF-8 encoded.
 *
 * @param text - any string
 * @returns its length in UTF-8 bytes; a lone surrogate counts as the 3 bytes of U+FFFD, which is
 *   what `TextEncoder` writes for it
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      // A surrogate pair is one 4-byte code point.
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
