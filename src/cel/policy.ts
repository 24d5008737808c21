/**
 * A ValidatingAdmissionPolicy's CEL, compiled and run as the API server runs it: match conditions, then the
 * variables in order (each may read the earlier ones as `variables.NAME`), then each validation. Custom rules and
 * the tests of the exported policies both judge objects through here.
 */
import { CelCompileError, type CelProgram, compileCel, runCel } from './compile.js';
import { type CelValueSize, sizeOf, toCel } from './values.js';

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
    this.iterates = [...this.conditions, ...this.variables, ...this.validations].some(
      (c) => c.program.depth > 0,
    );
  }

  /** Judges one object. CEL errors are a verdict of their own, never a throw. */
  judge(object: object, request: CelRequest = {}): CelVerdict {
    const others = [request.oldObject, request.namespaceObject, request.params];
    // the cost bound is only needed by expressions that iterate (most do; none pays for the walk twice)
    const size: CelValueSize = this.iterates
      ? { largest: Math.max(sizeOf(object).largest, ...others.map((o) => (o ? sizeOf(o).largest : 0))) }
      : { largest: 0 };
    const variables = new Map<string, unknown>();
    const bindings: Record<string, unknown> = {
      object: toCel(object),
      oldObject: toCel(request.oldObject),
      namespaceObject: toCel(request.namespaceObject),
      params: toCel(request.params),
      request: toCel(request.request ?? {}),
      variables,
    };
    for (const condition of this.conditions) {
      const outcome = runCel(condition.program, bindings, size);
      if ('error' in outcome)
        return { kind: 'error', where: `match condition ${condition.source.name}`, error: outcome.error };
      if (outcome.value !== true) return { kind: 'skipped' };
    }
    for (const variable of this.variables) {
      const outcome = runCel(variable.program, bindings, size);
      if ('error' in outcome)
        return { kind: 'error', where: `variable ${variable.source.name}`, error: outcome.error };
      variables.set(variable.source.name, outcome.value);
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
