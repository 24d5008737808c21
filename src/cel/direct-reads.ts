/**
 * Field reads made direct. Unchecked, the library reads `object.spec.template` by first trying
 * `object.spec.template` and `object.spec` as variable names (CEL's rule for dotted names, which may name a
 * package), on every evaluation. Where the root is a variable that is surely bound — a binding the policy gives or
 * a comprehension's own variable — wrapping it in `dyn()` (the identity) makes the read start there. The meaning is
 * unchanged; `test/export` holds every exported policy to its rule through this.
 */
import type { Expr } from '@bufbuild/cel-spec/cel/expr/syntax_pb.js';

/** The names a policy binds (policy.ts). */
export const ROOT_BINDINGS: ReadonlySet<string> = new Set([
  'object',
  'oldObject',
  'request',
  'params',
  'namespaceObject',
  'variables',
]);

/**
 * Rewrites `expr` in place: each field read on a bound variable starts at `dyn(variable)`. The nodes added take
 * ids from `firstFreeId` on.
 */
export function directReads(expr: Expr | undefined, firstFreeId: bigint): void {
  let next = firstFreeId;
  const visit = (e: Expr | undefined, bound: ReadonlySet<string>): void => {
    if (e === undefined) return;
    const kind = e.exprKind;
    switch (kind.case) {
      case 'selectExpr': {
        const operand = kind.value.operand;
        if (operand?.exprKind.case === 'identExpr' && bound.has(operand.exprKind.value.name)) {
          const ident = { ...operand, id: next++ } as Expr;
          operand.exprKind = {
            case: 'callExpr',
            value: { $typeName: 'cel.expr.Expr.Call', function: 'dyn', args: [ident] },
          } as Expr['exprKind'];
        } else visit(operand, bound);
        break;
      }
      case 'callExpr':
        visit(kind.value.target, bound);
        for (const a of kind.value.args) visit(a, bound);
        break;
      case 'listExpr':
        for (const x of kind.value.elements) visit(x, bound);
        break;
      case 'structExpr':
        for (const x of kind.value.entries) {
          if (x.keyKind.case === 'mapKey') visit(x.keyKind.value, bound);
          visit(x.value, bound);
        }
        break;
      case 'comprehensionExpr': {
        const c = kind.value;
        visit(c.iterRange, bound);
        visit(c.accuInit, bound);
        const inner = new Set([...bound, c.iterVar, c.accuVar, ...(c.iterVar2 ? [c.iterVar2] : [])]);
        visit(c.loopCondition, inner);
        visit(c.loopStep, inner);
        visit(c.result, inner);
        break;
      }
      default:
        break;
    }
  };
  visit(expr, ROOT_BINDINGS);
}
