/**
 * The `sql` block (docs/otel-translation.md, "sql"), for spans of SQL databases only.
 */
import type { SqlData } from "../tracing/segment-document.js";
import type { SpanValues } from "./span-values.js";

/** `db.system` values of SQL databases. */
const SQL_SYSTEMS = new Set([
  "other_sql", "mssql", "mssqlcompact", "mysql", "oracle", "db2", "postgresql", "redshift", "hive", "cloudscape", "hsqldb",
  "progress", "maxdb", "hanadb", "ingres", "firstsql", "edb", "cache", "adabas", "firebird", "derby", "filemaker", "informix",
  "instantdb", "interbase", "mariadb", "netezza", "pervasive", "pointbase", "sqlite", "sybase", "teradata", "vertica", "h2",
  "coldfusion", "cockroachdb", "clickhouse", "spanner", "trino",
]);

/**
 * The `sql` block, or undefined for other databases and non-database spans.
 *
 * @param spanName - the span's name (X-Ray's `url` of a query)
 * @param values - the span's attributes
 * @returns the block
 */
export function sqlBlock(spanName: string, values: SpanValues): SqlData | undefined {
  const system = values.peek("db.system");
  if (typeof system !== "string" || !SQL_SYSTEMS.has(system)) return undefined;
  values.use("db.system");
  const database = values.string("db.name") ?? "";
  const connection = values.string("db.connection_string") ?? "localhost";
  const sql: SqlData = { url: spanName, connection_string: `${connection}/${database}`, database_type: system };
  const user = values.string("db.user");
  const statement = values.string("db.statement");
  if (user !== undefined) sql.user = user;
  if (statement !== undefined) sql.sanitized_query = statement;
  return sql;
}
