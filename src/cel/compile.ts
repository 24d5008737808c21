/**
 * The CEL adapter: compiles an expression once (syntax errors and unknown functions found here, with their
 * position), and evaluates it against bindings with the API server's per-expression cost bound. Every part of
 * parapet that runs CEL — custom rules, and the tests that prove the exported policies — goes through here.
 */
import { type CelResult, celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import type { Expr } from '@bufbuild/cel-spec/cel/expr/syntax_pb.js';
import { directReads } from './direct-reads.js';
import { KUBERNETES_FUNCTIONS } from './kubernetes.js';
import { TIMESTAMP_GETTERS, typeError } from './types.js';
import type { CelValueSize } from './values.js';

/**
 * The API server's runtime cost limit for one expression (`PerCallLimit`, 1,000,000). parapet bounds a static
 * estimate instead of counting steps: the expression's size times the largest list it can iterate, to the power
 * of its comprehension nesting. A comprehension over a list literal (`[x].map(v, ...)`, CEL's idiom for naming a
 * value) runs once per element, so it multiplies by its length instead. An object whose estimate passes the limit
 * is not evaluated.
 */
export const PER_CALL_COST_LIMIT = 1_000_000;

const ENV = celEnv({ funcs: [...KUBERNETES_FUNCTIONS] });

/** Functions, methods and operators the environment knows (the macros `has`, `all`, ... are expanded by the parser). */
const KNOWN_FUNCTIONS = new Set<string>();
for (const fn of KUBERNETES_FUNCTIONS) KNOWN_FUNCTIONS.add(fn.name);

export class CelCompileError extends Error {
  override name = 'CelCompileError';
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${line}:${column}: ${reason}`);
  }
}

export interface CelProgram {
  source: string;
  /**
   * Nodes of the expression, how deep its comprehensions over input lists nest, and the most runs comprehensions
   * over list literals multiply one node by: the cost estimate's factors.
   */
  nodes: number;
  depth: number;
  scale: number;
  run: (bindings: Record<string, unknown>) => CelResult;
}

export type CelOutcome = { value: unknown } | { error: string };

interface Walk {
  nodes: number;
  depth: number;
  scale: number;
  /** The largest node id: ids after it are free for nodes the compiler adds (direct-reads.ts). */
  maxId: bigint;
  /** Calls by name; `qualified` for a call on an identifier, which may name a namespace (`strings.quote`). */
  calls: { name: string; qualified?: string; id: bigint }[];
  idents: Set<string>;
}

function walk(expr: Expr | undefined, depth: number, out: Walk, scale = 1): void {
  if (expr === undefined) return;
  out.nodes++;
  if (expr.id > out.maxId) out.maxId = expr.id;
  if (depth > out.depth) out.depth = depth;
  if (scale > out.scale) out.scale = scale;
  const kind = expr.exprKind;
  switch (kind.case) {
    case 'identExpr':
      out.idents.add(kind.value.name);
      break;
    case 'selectExpr':
      walk(kind.value.operand, depth, out, scale);
      break;
    case 'callExpr':
      {
        const target = kind.value.target?.exprKind;
        out.calls.push({
          name: kind.value.function,
          id: expr.id,
          ...(target?.case === 'identExpr'
            ? { qualified: `${target.value.name}.${kind.value.function}` }
            : {}),
        });
      }
      walk(kind.value.target, depth, out, scale);
      for (const arg of kind.value.args) walk(arg, depth, out, scale);
      break;
    case 'listExpr':
      for (const e of kind.value.elements) walk(e, depth, out, scale);
      break;
    case 'structExpr':
      for (const entry of kind.value.entries) {
        if (entry.keyKind.case === 'mapKey') walk(entry.keyKind.value, depth, out, scale);
        walk(entry.value, depth, out, scale);
      }
      break;
    case 'comprehensionExpr': {
      walk(kind.value.iterRange, depth, out, scale);
      walk(kind.value.accuInit, depth, out, scale);
      const range = kind.value.iterRange?.exprKind;
      // a list literal's length is known; any other list may be as long as the largest in the input
      const [inner, times] =
        range?.case === 'listExpr'
          ? [depth, scale * Math.max(1, range.value.elements.length)]
          : [depth + 1, scale];
      walk(kind.value.loopCondition, inner, out, times);
      walk(kind.value.loopStep, inner, out, times);
      walk(kind.value.result, depth, out, scale);
      break;
    }
    default:
      break;
  }
}

/** Line and column (1-based) of a character offset. */
function position(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, Math.max(0, offset));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** Built-in operators and functions of CEL's standard library, which parse as calls too. */
function isStandard(name: string): boolean {
  return name.startsWith('_') || name.startsWith('@') || STANDARD.has(name);
}

const STANDARD = new Set([
  'size',
  'int',
  'uint',
  'double',
  'string',
  'bytes',
  'bool',
  'type',
  'dyn',
  'matches',
  'contains',
  'startsWith',
  'endsWith',
  'timestamp',
  'duration',
  ...TIMESTAMP_GETTERS,
  '!_',
  '-_',
  'in',
  '@in',
  'has',
]);

/** Compiles an expression, or throws CelCompileError with the position of the first problem. */
export function compileCel(source: string): CelProgram {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const match = /^<input>:(\d+):(\d+): (.*)$/s.exec(message);
    if (match) throw new CelCompileError(`syntax error: ${match[3]}`, Number(match[1]), Number(match[2]));
    throw new CelCompileError(`syntax error: ${message}`, 1, 1);
  }
  const shape: Walk = { nodes: 0, depth: 0, scale: 1, maxId: 0n, calls: [], idents: new Set() };
  walk(parsed.expr, 0, shape);
  for (const call of shape.calls) {
    if (isStandard(call.name) || KNOWN_FUNCTIONS.has(call.name)) continue;
    if (call.qualified !== undefined && KNOWN_FUNCTIONS.has(call.qualified)) continue;
    const offset = parsed.sourceInfo?.positions[call.id.toString()] ?? 0;
    const at = position(source, offset);
    throw new CelCompileError(`undeclared reference to function '${call.name}'`, at.line, at.column);
  }
  const problem = typeError(parsed.expr);
  if (problem !== undefined) {
    const at = position(source, parsed.sourceInfo?.positions[problem.id.toString()] ?? 0);
    throw new CelCompileError(`type error: ${problem.message}`, at.line, at.column);
  }
  directReads(parsed.expr, shape.maxId + 1n);
  const evaluate = plan(ENV, parsed);
  // only the variables the expression names are bound: the library converts every binding it is given
  const names = [...shape.idents];
  const run = (bindings: Record<string, unknown>) => {
    const used: Record<string, unknown> = {};
    for (const name of names) if (name in bindings) used[name] = bindings[name];
    return evaluate(used as never);
  };
  return { source, nodes: shape.nodes, depth: shape.depth, scale: shape.scale, run };
}

/** The cost estimate of a program on inputs of a size (see PER_CALL_COST_LIMIT). */
export function estimatedCost(program: CelProgram, size: CelValueSize): number {
  return program.nodes * program.scale * Math.max(1, size.largest) ** program.depth;
}

/** Evaluates a program; a CEL error or a cost past the limit is an outcome, never a throw. */
export function runCel(
  program: CelProgram,
  bindings: Record<string, unknown>,
  size?: CelValueSize,
): CelOutcome {
  if (size !== undefined) {
    const cost = estimatedCost(program, size);
    if (cost > PER_CALL_COST_LIMIT)
      return { error: `estimated cost ${cost} exceeds the per-expression limit of ${PER_CALL_COST_LIMIT}` };
  }
  try {
    const value = program.run(bindings);
    if (isCelError(value)) return { error: value.message };
    return { value };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
