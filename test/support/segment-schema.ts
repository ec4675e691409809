/**
 * The official segment-document JSON schema as a test oracle (what it is: docs/sources.md). Its
 * licence is unclear, so it is never copied into the repository: it is read in place from a
 * folder beside the repository ({@link SEGMENT_SCHEMA_PATH}); when the file is absent, tests that
 * need it skip and say why.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import AjvModule from "ajv-draft-04";

/** Where the schema is read from. */
export const SEGMENT_SCHEMA_PATH = fileURLToPath(new URL("../../../shared/schemas/xray-segmentdocument-schema-v1.0.0.json", import.meta.url));

/** Whether the schema is there to check against. */
export const segmentSchemaPresent = existsSync(SEGMENT_SCHEMA_PATH);

/** A check: `undefined` when the document is valid, else the schema's errors as text. */
export type SchemaCheck = (doc: unknown) => string | undefined;

let compiled: { segment: SchemaCheck; subsegment: SchemaCheck } | undefined;

/**
 * Validators, compiled once, for a top-level document and for the schema's subsegment definition.
 *
 * @returns the two checks
 */
export function segmentSchemaValidators(): { segment: SchemaCheck; subsegment: SchemaCheck } {
  if (compiled) return compiled;
  // ajv-draft-04 is CommonJS: under NodeNext its class is the module's `default` export.
  const ajv = new AjvModule.default({ allErrors: true, strict: false, unicodeRegExp: true });
  ajv.addSchema(JSON.parse(readFileSync(SEGMENT_SCHEMA_PATH, "utf8")), "segment");
  const check = (id: string): SchemaCheck => {
    const validate = ajv.getSchema(id)!;
    return (doc) => (validate(doc) ? undefined : ajv.errorsText(validate.errors));
  };
  const top = check("segment");
  // Two documented departures from the schema (docs/segment-rules.md): the developer guide allows
  // `\` in segment names, and subsegment names are free-form, also when a subsegment is sent on
  // its own (the schema's top level applies the segment-name pattern to it). The name is checked
  // without those; the rest of the document as the schema says.
  const segment: SchemaCheck = (doc) => {
    const record = doc as { name?: unknown; type?: unknown } | null;
    if (typeof record?.name !== "string") return top(doc);
    const name = record.type === "subsegment" ? (record.name === "" ? "" : "n") : record.name.replaceAll("\\", "/");
    return top({ ...record, name });
  };
  return (compiled = { segment, subsegment: check("segment#/definitions/subsegment") });
}
