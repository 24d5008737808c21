/**
 * A ValidatingAdmissionPolicy's CEL, compiled and run as the API server runs it: match conditions, then the
 * variables in order (each may read the earlier ones as `variables.NAME`), then each validation. Custom rules and
 * the tests of the exported policies both judge objects through here.
 */
import {
  CelCompileError,
  type CelProgram,
  compileCel,
  estimatedCost,
  PER_CALL_COST_LIMIT,
  runCel,
} from './compile.js';
import { type CelValueSize, convert, sizeBoundOf, sizeOf, toCel } from './values.js';

export interface CelValidation {
  expression: string;
  message?: string;
  messageExpression?: string;
  fieldPath?: string;
  reason?: string;
}

export interface CelPolicySource {
  matchConditions?: readonly { name: string; expression: string }[];
  variables?: readonly { name: string; expression: string }[];
  validations: readonly CelValidation[];
}

/** A compile error located in the policy: `validations[1].expression 1:14: ...`. */
export class CelPolicyError extends Error {
  override name = 'CelPolicyError';
  constructor(
    readonly where: string,
    readonly problem: CelCompileError,
  ) {
    super(`${where} at ${problem.line}:${problem.column}: ${problem.reason}`);
  }
}

interface Compiled<T> {
  source: T;
  program: CelProgram;
  message?: CelProgram;
}

export interface CelFailure {
  validation: CelValidation;
  /** The index of the failed validation. */
  index: number;
  message: string;
}

export type CelVerdict =
  | { kind: 'skipped' }
  | { kind: 'judged'; failures: CelFailure[] }
  | { kind: 'error'; where: string; error: string };

/** Bindings besides the object's: `oldObject`, `request`, `params`, `namespaceObject`. */
export interface CelRequest {
  oldObject?: object | null;
  request?: object;
  params?: object | null;
  namespaceObject?: object | null;
}

function compileAt(where: string, source: string): CelProgram {
  try {
    return compileCel(source);
  } catch (error) {
    if (error instanceof CelCompileError) throw new CelPolicyError(where, error);
    throw error;
  }
}

export class CelPolicy {
  private readonly conditions: Compiled<{ name: string }>[];
  private readonly variables: Compiled<{ name: string }>[];
  private readonly validations: Compiled<CelValidation>[];
  private readonly programs: CelProgram[];
  private readonly variablePrograms: ReadonlyMap<string, CelProgram>;
  private readonly iterates: boolean;

  /** Compiles every expression; throws CelPolicyError naming the first that does not compile. */
  constructor(source: CelPolicySource) {
    this.conditions = (source.matchConditions ?? []).map((c, i) => ({
      source: c,
      program: compileAt(`matchConditions[${i}] (${c.name})`, c.expression),
    }));
    this.variables = (source.variables ?? []).map((v, i) => ({
      source: v,
      program: compileAt(`variables[${i}] (${v.name})`, v.expression),
    }));
    this.validations = source.validations.map((v, i) => {
      const compiled: Compiled<CelValidation> = {
        source: v,
        program: compileAt(`validations[${i}].expression`, v.expression),
      };
      if (v.messageExpression !== undefined)
        compiled.message = compileAt(`validations[${i}].messageExpression`, v.messageExpression);
      return compiled;
    });
    this.programs = [...this.conditions, ...this.variables, ...this.validations].flatMap((c) =>
      c.message ? [c.program, c.message] : [c.program],
    );
    this.iterates = this.programs.some((p) => p.depth > 0);
    this.variablePrograms = new Map(this.variables.map((v) => [v.source.name, v.program]));
  }

  /**
   * The largest list the cost bound counts with: a bound from the objects' JSON text where every expression's
   * estimate passes with it, else the largest list found by walking them.
   */
  private sizeFor(objects: readonly (object | null | undefined)[]): CelValueSize {
    if (!this.iterates) return { largest: 0 };
    const present = objects.filter((o): o is object => o !== null && o !== undefined);
    const bound: CelValueSize = { largest: Math.max(0, ...present.map((o) => sizeBoundOf(o).largest)) };
    if (this.programs.every((p) => estimatedCost(p, bound) <= PER_CALL_COST_LIMIT)) return bound;
    return { largest: Math.max(0, ...present.map((o) => sizeOf(o).largest)) };
  }

  /** Judges one object. CEL errors are a verdict of their own, never a throw. */
  judge(object: object, request: CelRequest = {}): CelVerdict {
    const size = this.sizeFor([object, request.oldObject, request.namespaceObject, request.params]);
    const bindings = new Bindings(object, request, this.variablePrograms, size) as unknown as Record<
      string,
      unknown
    >;
    for (const condition of this.conditions) {
      const outcome = runCel(condition.program, bindings, size);
      if ('error' in outcome)
        return { kind: 'error', where: `match condition ${condition.source.name}`, error: outcome.error };
      if (outcome.value !== true) return { kind: 'skipped' };
    }
    const failures: CelFailure[] = [];
    for (const [index, validation] of this.validations.entries()) {
      const outcome = runCel(validation.program, bindings, size);
      if ('error' in outcome) return { kind: 'error', where: `validations[${index}]`, error: outcome.error };
      if (outcome.value === true) continue;
      if (outcome.value !== false)
        return {
          kind: 'error',
          where: `validations[${index}]`,
          error: 'the expression did not return a bool',
        };
      failures.push({
        validation: validation.source,
        index,
        message: this.message(validation, bindings, size),
      });
    }
    return { kind: 'judged', failures };
  }

  /** messageExpression's string where it gives one, else message, else the API server's default wording. */
  private message(
    validation: Compiled<CelValidation>,
    bindings: Record<string, unknown>,
    size: CelValueSize,
  ): string {
    if (validation.message !== undefined) {
      const outcome = runCel(validation.message, bindings, size);
      if ('value' in outcome && typeof outcome.value === 'string' && outcome.value.trim() !== '')
        return outcome.value;
    }
    return validation.source.message ?? `failed expression: ${validation.source.expression}`;
  }
}

/**
 * What the expressions see, each binding converted only when one names it (compile.ts binds just the names an
 * expression uses).
 */
class Bindings {
  readonly variables: LazyVariables;

  constructor(
    private readonly judged: object,
    private readonly source: CelRequest,
    variables: ReadonlyMap<string, CelProgram>,
    size: CelValueSize,
  ) {
    this.variables = new LazyVariables(variables, this as unknown as Record<string, unknown>, size);
  }

  get object() {
    return toCel(this.judged);
  }

  get oldObject() {
    return toCel(this.source.oldObject);
  }

  get namespaceObject() {
    return toCel(this.source.namespaceObject);
  }

  get params() {
    return toCel(this.source.params);
  }

  // a request is made for each rule: converted, not remembered
  get request() {
    return convert(this.source.request ?? {});
  }
}

/**
 * `variables`, each evaluated when an expression first reads it, as the API server does: a variable nothing reads
 * costs nothing and its errors do not matter. An error is thrown into the expression that read it.
 */
class LazyVariables extends Map<string, unknown> {
  constructor(
    private readonly compiled: ReadonlyMap<string, CelProgram>,
    private readonly bindings: Record<string, unknown>,
    private readonly cost: CelValueSize,
  ) {
    super();
  }

  override has(name: string): boolean {
    return this.compiled.has(name);
  }

  override get(name: string): unknown {
    if (super.has(name)) return super.get(name);
    const program = this.compiled.get(name);
    if (program === undefined) return undefined;
    const outcome = runCel(program, this.bindings, this.cost);
    if ('error' in outcome) throw new Error(`variable ${name}: ${outcome.error}`);
    super.set(name, outcome.value);
    return outcome.value;
  }
}
