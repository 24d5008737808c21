/**
 * A type check of CEL expressions, as far as it can go without the objects' schemas: every value read from an
 * object is `dyn`, so what is checked is what literals, operators and the library's functions fix — `'a' + 1`,
 * `size(1)`, `object.name.startsWith(1)`, a field read from a string, a comprehension over an int. The API
 * server's checker, which knows each field's type from the OpenAPI schema, finds more; what this one reports, it
 * reports too.
 */
import type { Expr } from '@bufbuild/cel-spec/cel/expr/syntax_pb.js';

export type CelTypeName =
  | 'int'
  | 'uint'
  | 'double'
  | 'string'
  | 'bool'
  | 'bytes'
  | 'null'
  | 'list'
  | 'map'
  | 'timestamp'
  | 'duration'
  | 'type'
  | 'dyn';

export interface CelTypeError {
  /** The id of the expression node at fault (its position is in the parse's source info). */
  id: bigint;
  message: string;
}

type T = CelTypeName;

/** One signature: receiver (methods only), arguments, result. `any` matches every type. */
interface Overload {
  receiver?: T;
  args: (T | 'any')[];
  result: T;
}

const NUMERIC: readonly T[] = ['int', 'uint', 'double'];
const ORDERED: readonly T[] = ['int', 'uint', 'double', 'string', 'bool', 'bytes', 'timestamp', 'duration'];

/** The standard library's accessors on a timestamp (and a duration). */
export const TIMESTAMP_GETTERS: readonly string[] = [
  'getFullYear',
  'getMonth',
  'getDayOfYear',
  'getDayOfMonth',
  'getDate',
  'getDayOfWeek',
  'getHours',
  'getMinutes',
  'getSeconds',
  'getMilliseconds',
];

const method = (receiver: T, args: (T | 'any')[], result: T): Overload => ({ receiver, args, result });
const fn = (args: (T | 'any')[], result: T): Overload => ({ args, result });

/** The standard library's, the strings extension's and the Kubernetes library's functions, by name. */
const OVERLOADS: Record<string, Overload[]> = {
  '_+_': [
    ...(['int', 'uint', 'double', 'string', 'bytes', 'list', 'duration'] as T[]).map((t) => fn([t, t], t)),
    fn(['timestamp', 'duration'], 'timestamp'),
    fn(['duration', 'timestamp'], 'timestamp'),
  ],
  '_-_': [
    ...(['int', 'uint', 'double', 'duration'] as T[]).map((t) => fn([t, t], t)),
    fn(['timestamp', 'timestamp'], 'duration'),
    fn(['timestamp', 'duration'], 'timestamp'),
  ],
  '_*_': NUMERIC.map((t) => fn([t, t], t)),
  '_/_': NUMERIC.map((t) => fn([t, t], t)),
  '_%_': (['int', 'uint'] as T[]).map((t) => fn([t, t], t)),
  '-_': (['int', 'double', 'duration'] as T[]).map((t) => fn([t], t)),
  '!_': [fn(['bool'], 'bool')],
  '_&&_': [fn(['bool', 'bool'], 'bool')],
  '_||_': [fn(['bool', 'bool'], 'bool')],
  '@in': [fn(['any', 'list'], 'bool'), fn(['any', 'map'], 'bool')],
  size: [
    ...(['string', 'bytes', 'list', 'map'] as T[]).map((t) => fn([t], 'int')),
    ...(['string', 'bytes', 'list', 'map'] as T[]).map((t) => method(t, [], 'int')),
  ],
  int: (['int', 'uint', 'double', 'string', 'timestamp'] as T[]).map((t) => fn([t], 'int')),
  uint: (['int', 'uint', 'double', 'string'] as T[]).map((t) => fn([t], 'uint')),
  double: (['int', 'uint', 'double', 'string'] as T[]).map((t) => fn([t], 'double')),
  string: [fn(['any'], 'string')],
  bool: [fn(['bool'], 'bool'), fn(['string'], 'bool')],
  bytes: [fn(['bytes'], 'bytes'), fn(['string'], 'bytes')],
  timestamp: [fn(['string'], 'timestamp'), fn(['int'], 'timestamp'), fn(['timestamp'], 'timestamp')],
  duration: [fn(['string'], 'duration'), fn(['duration'], 'duration')],
  matches: [method('string', ['string'], 'bool'), fn(['string', 'string'], 'bool')],
  contains: [method('string', ['string'], 'bool')],
  startsWith: [method('string', ['string'], 'bool')],
  endsWith: [method('string', ['string'], 'bool')],
  charAt: [method('string', ['int'], 'string')],
  indexOf: [
    method('string', ['string'], 'int'),
    method('string', ['string', 'int'], 'int'),
    method('list', ['any'], 'int'),
  ],
  lastIndexOf: [
    method('string', ['string'], 'int'),
    method('string', ['string', 'int'], 'int'),
    method('list', ['any'], 'int'),
  ],
  lowerAscii: [method('string', [], 'string')],
  upperAscii: [method('string', [], 'string')],
  trim: [method('string', [], 'string')],
  replace: [
    method('string', ['string', 'string'], 'string'),
    method('string', ['string', 'string', 'int'], 'string'),
  ],
  split: [method('string', ['string'], 'list'), method('string', ['string', 'int'], 'list')],
  substring: [method('string', ['int'], 'string'), method('string', ['int', 'int'], 'string')],
  join: [method('list', [], 'string'), method('list', ['string'], 'string')],
  format: [method('string', ['list'], 'string')],
  find: [method('string', ['string'], 'string')],
  findAll: [method('string', ['string'], 'list'), method('string', ['string', 'int'], 'list')],
  isSorted: [method('list', [], 'bool')],
  sum: [method('list', [], 'dyn')],
  min: [method('list', [], 'dyn')],
  max: [method('list', [], 'dyn')],
  ...Object.fromEntries(
    TIMESTAMP_GETTERS.map((name) => [
      name,
      [method('timestamp', [], 'int'), method('timestamp', ['string'], 'int'), method('duration', [], 'int')],
    ]),
  ),
};

const matches = (want: T | 'any', got: T) => want === 'any' || got === 'dyn' || want === got;

class Checker {
  error: CelTypeError | undefined;

  fail(id: bigint, message: string): T {
    this.error ??= { id, message };
    return 'dyn';
  }

  infer(expr: Expr | undefined, scope: ReadonlyMap<string, T>): T {
    if (expr === undefined || this.error) return 'dyn';
    const kind = expr.exprKind;
    switch (kind.case) {
      case 'constExpr':
        return constantType(kind.value.constantKind.case);
      case 'identExpr':
        return scope.get(kind.value.name) ?? 'dyn';
      case 'selectExpr': {
        const operand = this.infer(kind.value.operand, scope);
        if (operand !== 'dyn' && operand !== 'map')
          return this.fail(expr.id, `type '${operand}' does not support field selection`);
        return kind.value.testOnly ? 'bool' : 'dyn';
      }
      case 'listExpr':
        for (const element of kind.value.elements) this.infer(element, scope);
        return 'list';
      case 'structExpr':
        for (const entry of kind.value.entries) {
          if (entry.keyKind.case === 'mapKey') this.infer(entry.keyKind.value, scope);
          this.infer(entry.value, scope);
        }
        return kind.value.messageName === '' ? 'map' : 'dyn';
      case 'comprehensionExpr': {
        const c = kind.value;
        const range = this.infer(c.iterRange, scope);
        if (range !== 'dyn' && range !== 'list' && range !== 'map')
          return this.fail(expr.id, `expression of type '${range}' cannot be the range of a comprehension`);
        const inner = new Map(scope);
        inner.set(c.accuVar, this.infer(c.accuInit, scope));
        inner.set(c.iterVar, 'dyn');
        if (c.iterVar2 !== '') inner.set(c.iterVar2, 'dyn');
        this.infer(c.loopCondition, inner);
        this.infer(c.loopStep, inner);
        return this.infer(c.result, inner);
      }
      case 'callExpr':
        return this.call(expr.id, kind.value, scope);
      default:
        return 'dyn';
    }
  }

  call(
    id: bigint,
    call: { function: string; target?: Expr; args: Expr[] },
    scope: ReadonlyMap<string, T>,
  ): T {
    const receiver = call.target === undefined ? undefined : this.infer(call.target, scope);
    const args = call.args.map((a) => this.infer(a, scope));
    const name = call.function;
    switch (name) {
      case '_==_':
      case '_!=_': {
        const [a, b] = args as [T, T];
        if (a !== 'dyn' && b !== 'dyn' && a !== b && a !== 'null' && b !== 'null' && !bothNumeric(a, b))
          return this.fail(id, noOverload(name, receiver, args));
        return 'bool';
      }
      case '_<_':
      case '_<=_':
      case '_>_':
      case '_>=_': {
        const [a, b] = args as [T, T];
        const ordered = (t: T) => t === 'dyn' || ORDERED.includes(t);
        if (!ordered(a) || !ordered(b) || (a !== 'dyn' && b !== 'dyn' && a !== b && !bothNumeric(a, b)))
          return this.fail(id, noOverload(name, receiver, args));
        return 'bool';
      }
      case '_?_:_': {
        const [condition, then, otherwise] = args as [T, T, T];
        if (condition !== 'bool' && condition !== 'dyn')
          return this.fail(id, noOverload(name, receiver, args));
        return then === otherwise ? then : 'dyn';
      }
      case '_[_]': {
        const [container, index] = args as [T, T];
        if (container !== 'dyn' && container !== 'list' && container !== 'map')
          return this.fail(id, noOverload(name, receiver, args));
        if (container === 'list' && index !== 'dyn' && !NUMERIC.includes(index))
          return this.fail(id, noOverload(name, receiver, args));
        return 'dyn';
      }
      case '@not_strictly_false':
        return 'bool';
      case 'dyn':
        return 'dyn';
      case 'type':
        return 'type';
    }
    const overloads = OVERLOADS[name];
    if (overloads === undefined) return 'dyn';
    const fitting = overloads.filter(
      (o) =>
        (o.receiver === undefined) === (receiver === undefined) &&
        (o.receiver === undefined || receiver === undefined || matches(o.receiver, receiver)) &&
        o.args.length === args.length &&
        o.args.every((want, i) => matches(want, args[i] as T)),
    );
    if (fitting.length === 0) return this.fail(id, noOverload(name, receiver, args));
    const results = new Set(fitting.map((o) => o.result));
    return results.size === 1 ? (fitting[0] as Overload).result : 'dyn';
  }
}

function bothNumeric(a: T, b: T): boolean {
  return NUMERIC.includes(a) && NUMERIC.includes(b);
}

function constantType(kind: string | undefined): T {
  switch (kind) {
    case 'int64Value':
      return 'int';
    case 'uint64Value':
      return 'uint';
    case 'doubleValue':
      return 'double';
    case 'stringValue':
      return 'string';
    case 'boolValue':
      return 'bool';
    case 'bytesValue':
      return 'bytes';
    case 'nullValue':
      return 'null';
    default:
      return 'dyn';
  }
}

/** Operators as written, for messages. */
const OPERATORS: Record<string, string> = {
  '_+_': '+',
  '_-_': '-',
  '_*_': '*',
  '_/_': '/',
  '_%_': '%',
  '_==_': '==',
  '_!=_': '!=',
  '_<_': '<',
  '_<=_': '<=',
  '_>_': '>',
  '_>=_': '>=',
  '_&&_': '&&',
  '_||_': '||',
  '!_': '!',
  '-_': '-',
  '@in': 'in',
  '_[_]': '[]',
  '_?_:_': '?:',
};

function noOverload(name: string, receiver: T | undefined, args: readonly T[]): string {
  const applied = `${receiver === undefined ? '' : `${receiver}.`}(${args.join(', ')})`;
  return `found no matching overload for '${OPERATORS[name] ?? name}' applied to '${applied}'`;
}

/** The first type error in an expression, or undefined; every name not bound inside it is `dyn`. */
export function typeError(expr: Expr | undefined): CelTypeError | undefined {
  const checker = new Checker();
  checker.infer(expr, new Map());
  return checker.error;
}
