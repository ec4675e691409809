/**
 * Stack frames parsed from `Error.stack` as each engine writes them: V8 (Node, Chrome, Edge) with
 * `async`, anonymous, `new`, eval and native frames; Firefox (with `async*` and eval locations)
 * and Safari (with `global code` and `[native code]`). One line in, one frame (or none) out.
 */
import { describe, expect, it } from "vitest";
import { parseStack, type StackFrame } from "../../src/tracing/index.js";

const table: Array<[string, string, StackFrame | undefined]> = [
  // V8
  ["named", "    at handler (/app/src/routes.js:42:13)", { label: "handler", path: "/app/src/routes.js", line: 42 }],
  ["anonymous", "    at /app/src/index.js:7:1", { label: "anonymous", path: "/app/src/index.js", line: 7 }],
  ["async, anonymous", "    at async file:///x.mjs:3:7", { label: "anonymous", path: "file:///x.mjs", line: 3 }],
  ["async, named", "    at async loadUser (file:///app/users.mjs:12:5)", { label: "loadUser", path: "file:///app/users.mjs", line: 12 }],
  ["async method", "    at async UserService.find (/app/users.js:8:3)", { label: "UserService.find", path: "/app/users.js", line: 8 }],
  ["new", "    at new Cart (file:///C:/app/cart.mjs:3:9)", { label: "new Cart", path: "file:///C:/app/cart.mjs", line: 3 }],
  ["Windows path", "    at run (C:\\app\\main.js:10:2)", { label: "run", path: "C:\\app\\main.js", line: 10 }],
  ["space in path", "    at Object.<anonymous> (/app/a b/c.js:1:2)", { label: "Object.<anonymous>", path: "/app/a b/c.js", line: 1 }],
  ["alias", "    at Router.handle [as handle_request] (/app/node_modules/r/index.js:5:3)", { label: "Router.handle [as handle_request]", path: "/app/node_modules/r/index.js", line: 5 }],
  ["eval", "    at eval (eval at <anonymous> (file:///x.js:1:1), <anonymous>:1:1)", { label: "eval", path: "file:///x.js", line: 1 }],
  ["eval in a function", "    at Object.eval (eval at compile (/app/tpl.js:20:9), <anonymous>:3:5)", { label: "Object.eval", path: "/app/tpl.js", line: 20 }],
  ["nested eval", "    at eval (eval at <anonymous> (eval at run (/app/a.js:4:2)), <anonymous>:1:1)", { label: "eval", path: "/app/a.js", line: 4 }],
  ["native (<anonymous>)", "    at Array.map (<anonymous>)", { label: "Array.map", path: "<anonymous>" }],
  ["native (old V8)", "    at Array.forEach (native)", { label: "Array.forEach", path: "native" }],
  ["async native", "    at async Promise.all (index 0)", { label: "Promise.all", path: "index 0" }],
  ["no column", "    at f (/app/x.js:9)", { label: "f", path: "/app/x.js", line: 9 }],
  ["message line", "Error: boom at the end", undefined],
  ["message with @", "Error: user a@b.example is invalid", undefined],
  // Firefox
  ["Firefox named", "handler@https://app.example/main.js:42:13", { label: "handler", path: "https://app.example/main.js", line: 42 }],
  ["Firefox anonymous", "@https://app.example/main.js:7:1", { label: "anonymous", path: "https://app.example/main.js", line: 7 }],
  ["Firefox async", "async*loadUser@https://app.example/users.js:12:5", { label: "loadUser", path: "https://app.example/users.js", line: 12 }],
  ["Firefox nested function", "outer/inner/<@https://app.example/a.js:3:1", { label: "outer/inner/<", path: "https://app.example/a.js", line: 3 }],
  ["Firefox eval", "@https://app.example/page.html line 10 > eval:1:5", { label: "anonymous", path: "https://app.example/page.html", line: 10 }],
  ["Firefox Function", "f@https://app.example/a.js line 2 > Function:1:1", { label: "f", path: "https://app.example/a.js", line: 2 }],
  // Safari
  ["Safari global code", "global code@https://app.example/:3:9", { label: "global code", path: "https://app.example/", line: 3 }],
  ["Safari module code", "module code@https://app.example/m.js:1:8", { label: "module code", path: "https://app.example/m.js", line: 1 }],
  ["Safari native", "forEach@[native code]", { label: "forEach", path: "[native code]" }],
  ["Safari bare native", "[native code]", undefined],
];

describe("parseStack", () => {
  it.each(table)("%s", (_, line, frame) => {
    expect(parseStack(line)).toEqual(frame ? [frame] : []);
  });

  it("reads a whole V8 stack, innermost first, skipping the message", () => {
    const stack = ["Error: boom", "    at handler (/app/routes.js:42:13)", "    at async file:///x.mjs:3:7", "    at async Promise.all (index 0)"].join("\n");
    expect(parseStack(stack).map((frame) => frame.path)).toEqual(["/app/routes.js", "file:///x.mjs", "index 0"]);
  });

  it("reads a real stack of this engine", async () => {
    const thrown = await (async function outer() {
      await Promise.resolve();
      return new Error("here");
    })();
    const frames = parseStack(thrown.stack!);
    expect(frames[0]).toMatchObject({ label: "outer", line: expect.any(Number) });
    expect(frames[0]!.path).toMatch(/stack-frames\.test\.ts$/);
  });
});
