/**
 * The syntax tree of a filter expression, as `parseFilterExpression` returns it. Every node keeps
 * the offset of its first character, so tools can point at it. Keywords and operators are in their
 * canonical spelling (lower-case keywords, upper-case word operators) whatever case the input used.
 */

/** Boolean keywords: `ok` is true when none of `fault`, `error`, `throttle` is. */
export type FlagKeyword = "ok" | "error" | "throttle" | "fault" | "partial";
/** Number keywords, in seconds except `http.status`. */
export type NumberKeyword = "responsetime" | "duration" | "http.status";
/** String keywords; `user` tests every segment's user. */
export type StringKeyword = "http.url" | "http.method" | "http.useragent" | "http.clientip" | "user";

/** `=` and `!=`, the only operators booleans take. */
export type EqualityOperator = "=" | "!=";
/** Operators of number comparisons. */
export type NumberOperator = EqualityOperator | "<" | "<=" | ">" | ">=";
/** Operators of string comparisons (the word operators are case-insensitive in the input). */
export type StringOperator = EqualityOperator | "CONTAINS" | "BEGINSWITH" | "ENDSWITH";

/** A comparison with a literal, typed by the literal. */
export type Comparison =
  | { readonly type: "number"; readonly operator: NumberOperator; readonly value: number }
  | { readonly type: "string"; readonly operator: StringOperator; readonly value: string }
  | { readonly type: "boolean"; readonly operator: EqualityOperator; readonly value: boolean };

/** Which nodes of the trace's graph a `service()` or `edge()` argument selects; no field selects all. */
export interface NodeSelector {
  /** The node's exact name. */
  readonly name?: string;
  /** The node's exact type, e.g. `AWS::Lambda::Function` (from `id(type: …)`). */
  readonly type?: string;
}

/** Both operands hold (`AND`, or two terms side by side). At least two operands. */
export interface AndNode {
  readonly kind: "and";
  readonly operands: readonly FilterNode[];
  readonly position: number;
}

/** At least one operand holds (`OR`). At least two operands. */
export interface OrNode {
  readonly kind: "or";
  readonly operands: readonly FilterNode[];
  readonly position: number;
}

/** `!operand`. */
export interface NotNode {
  readonly kind: "not";
  readonly operand: FilterNode;
  readonly position: number;
}

/** A boolean keyword compared with `true`/`false`; a bare keyword is `expected: true`. */
export interface FlagNode {
  readonly kind: "flag";
  readonly keyword: FlagKeyword;
  /** The value the keyword must have (`fault != true` is stored as `expected: false`). */
  readonly expected: boolean;
  readonly position: number;
}

/** A number keyword compared with a number. */
export interface NumberNode {
  readonly kind: "number";
  readonly keyword: NumberKeyword;
  readonly operator: NumberOperator;
  readonly value: number;
  readonly position: number;
}

/** A string keyword compared with a string. */
export interface StringNode {
  readonly kind: "string";
  readonly keyword: StringKeyword;
  readonly operator: StringOperator;
  readonly value: string;
  readonly position: number;
}

/** A bare string keyword (`http.url AND …`): the trace has that field. */
export interface PresentNode {
  readonly kind: "present";
  readonly keyword: StringKeyword;
  readonly position: number;
}

/**
 * `annotation.KEY` or `annotation[KEY]`, bare (the key is set, and is not `false` when boolean)
 * or compared with a literal (some value of the key, of the literal's type, compares true).
 */
export interface AnnotationNode {
  readonly kind: "annotation";
  readonly key: string;
  readonly comparison?: Comparison;
  readonly position: number;
}

/** `service(selector) { body }`: some selected node exists and, when there is a body, matches it. */
export interface ServiceNode {
  readonly kind: "service";
  readonly target: NodeSelector;
  /** A filter over the node's own flags and `responsetime`. */
  readonly body?: FilterNode;
  readonly position: number;
}

/** `edge(source, destination) { body }`: some call between selected nodes exists and matches the body. */
export interface EdgeNode {
  readonly kind: "edge";
  readonly source: NodeSelector;
  readonly destination: NodeSelector;
  /** A filter over the call's own flags and `responsetime`. */
  readonly body?: FilterNode;
  readonly position: number;
}

/** Any node of a parsed filter expression. */
export type FilterNode =
  | AndNode
  | OrNode
  | NotNode
  | FlagNode
  | NumberNode
  | StringNode
  | PresentNode
  | AnnotationNode
  | ServiceNode
  | EdgeNode;
