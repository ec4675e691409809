/**
 * Model documentation (AWS's HTML subset) to TSDoc Markdown, and TSDoc comment blocks.
 */

const ENTITIES: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'", nbsp: " " };

/**
 * Converts AWS model HTML to Markdown suitable for TSDoc.
 *
 * Handles the tags AWS models use: paragraphs, lists, code, links, emphasis, notes. Unknown
 * tags are dropped with their text kept.
 *
 * @param html - the `smithy.api#documentation` value
 * @returns Markdown paragraphs separated by blank lines
 */
export function htmlToMarkdown(html: string): string {
  let text = html.replace(/\r\n?/g, "\n");
  text = text.replace(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_, href: string, label: string) => {
    const inner = label.replace(/<[^>]+>/g, "").trim();
    return inner && inner !== href ? `[${inner}](${href})` : href;
  });
  text = text.replace(/<\/?(code|tt)>/gi, "`");
  text = text.replace(/<\/?(b|strong)>/gi, "**");
  text = text.replace(/<\/?(i|em)>/gi, "_");
  // A paragraph inside a list item is just the item's text.
  text = text.replace(/<li>\s*<p>/gi, "<li>").replace(/<\/p>\s*<\/li>/gi, "</li>");
  text = text.replace(/<li>/gi, "\n- ").replace(/<\/li>/gi, "");
  text = text.replace(/<\/?(p|ul|ol|note|important|div|br\s*\/?)>/gi, "\n\n");
  text = text.replace(/<[^>]+>/g, "");
  text = text.replace(/&(#\d+|#x[0-9a-f]+|\w+);/gi, (match, entity: string) => {
    if (entity.startsWith("#x")) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith("#")) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return ENTITIES[entity.toLowerCase()] ?? match;
  });
  // Collapse the whitespace the HTML carried, keeping paragraph and list structure.
  const lines = text
    .split("\n")
    .map((line) => line.replace(/[ \t]+/g, " ").trim())
    .filter((line, i, all) => line !== "" || (i > 0 && all[i - 1] !== ""));
  // Keep list items tight: no blank line between two items.
  return lines.join("\n").replace(/\n{3,}/g, "\n\n").replace(/(^- .*)\n\n(?=- )/gm, "$1\n").replace(/``/g, "").trim();
}

/**
 * Renders a TSDoc block.
 *
 * @param indent - leading whitespace
 * @param body - Markdown text (may be empty)
 * @param tags - extra lines such as `@throws …`, `@see …`, `@public`
 * @returns the comment, ending in a newline, or `""` when there is nothing to say
 */
export function docComment(indent: string, body: string | undefined, tags: readonly string[] = []): string {
  const lines = [...(body ? body.split("\n") : [])];
  if (tags.length > 0) {
    if (lines.length > 0) lines.push("");
    lines.push(...tags.flatMap((tag) => tag.split("\n")));
  }
  if (lines.length === 0) return "";
  // `*/` would end the comment early; `@` at a line start would read as a tag.
  const safe = lines.map((line) => line.replace(/\*\//g, "*\\/").replace(/^@(?!(param|returns|throws|see|example|remarks|defaultValue|deprecated|public|internal|typeParam)\b)/, "\\@"));
  return `${indent}/**\n${safe.map((line) => (line ? `${indent} * ${line}` : `${indent} *`)).join("\n")}\n${indent} */\n`;
}

/**
 * The `@deprecated` tag of a shape or member with `smithy.api#deprecated`, if it has one.
 *
 * @param shape - the shape or member
 * @returns zero or one tag line
 */
export function deprecationTags(shape: { readonly traits?: Readonly<Record<string, unknown>> | undefined }): string[] {
  const deprecated = shape.traits?.["smithy.api#deprecated"] as { message?: string; since?: string } | undefined;
  if (!deprecated) return [];
  const since = deprecated.since ? ` (since ${deprecated.since})` : "";
  return [`@deprecated ${deprecated.message ?? "Do not use."}${since}`.trim()];
}
