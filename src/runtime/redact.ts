/**
 * Redaction of `@sensitive` data for log lines, as `@aws-sdk/client-*` does it: each sensitive
 * value becomes {@link SENSITIVE_STRING}, everything else is kept so the log stays useful.
 *
 * Only commands whose input or output holds sensitive data reference this module (through their
 * declaration's `sensitive.redact`).
 */
import { SENSITIVE_STRING, type Redaction } from "./schema.js";

export { SENSITIVE_STRING };

/**
 * Copies a value with its sensitive parts replaced by {@link SENSITIVE_STRING}. The value
 * itself is not modified.
 *
 * @param value - an input or output value
 * @param redaction - which parts of it are sensitive; `undefined` for none
 * @returns the redacted copy (or the value itself when nothing in it is sensitive)
 */
export function redact(value: unknown, redaction: Redaction | undefined): unknown {
  const r = typeof redaction === "function" ? redaction() : redaction;
  if (value == null || r === undefined) return value;
  if (r === 1) return SENSITIVE_STRING;
  if (typeof r === "function") return redact(value, r);
  if (typeof value !== "object") return value;
  switch (r[0]) {
    case "l":
      return Array.isArray(value) ? value.map((item: unknown) => redact(item, r[1])) : value;
    case "m": {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        Object.defineProperty(out, key, { value: redact((value as Record<string, unknown>)[key], r[1]), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case "s": {
      const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      for (const name in r[1]) if (out[name] != null) out[name] = redact(out[name], r[1][name]!);
      return out;
    }
  }
}
