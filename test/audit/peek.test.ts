// The raw-line prefilter: what a peek reads from the API server's compact JSON, what it leaves unknown, and that
// judging lines through it raises exactly the alerts that judging every parsed event raises.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Alert } from '../../src/audit/alert.js';
import { Detector } from '../../src/audit/detector.js';
import { toAuditEvent } from '../../src/audit/event.js';
import { Peek, UNKNOWN } from '../../src/audit/peek.js';
import { builtinRuleSet } from '../../src/audit/rule-set.js';
import { auditEvent, type Event, pod } from './events.js';

describe('Peek', () => {
  it('reads top-level and objectRef fields of an ordered line, and absent ones as absent', () => {
    const peek = new Peek();
    const line = JSON.stringify(
      auditEvent({
        verb: 'create',
        resource: 'pods',
        namespace: 'shop',
        user: 'bob',
        code: 201,
        requestObject: pod({}),
      }),
    );
    assert.equal(peek.reset(line), true);
    assert.equal(peek.get('verb'), 'create');
    assert.equal(peek.get('resource'), 'pods');
    assert.equal(peek.get('namespace'), 'shop');
    assert.equal(peek.get('user'), 'bob');
    assert.equal(peek.get('code'), '201');
    // the request object has a name, the objectRef none: absent, not the body's
    assert.equal(peek.get('name'), undefined);
    assert.equal(peek.get('subresource'), undefined);
    assert.equal(peek.get('impersonated'), undefined);
    assert.deepEqual(peek.groups(), ['developers', 'system:authenticated']);
  });

  it('leaves escaped values unknown and lines in another order to a full parse', () => {
    const peek = new Peek();
    const escaped = JSON.stringify(auditEvent({ verb: 'get', resource: 'pods', user: 'a"b' }));
    peek.reset(escaped);
    assert.equal(peek.get('user'), UNKNOWN);
    const { kind, apiVersion, ...rest } = auditEvent({ verb: 'get', resource: 'pods' });
    assert.equal(peek.reset(JSON.stringify({ ...rest, kind, apiVersion })), false);
  });
});

describe('the prefilter', () => {
  it('raises the same alerts as judging every parsed event', () => {
    const events: Event[] = [];
    const users = [
      'alice',
      'system:anonymous',
      'system:serviceaccount:shop:web',
      'system:node:edge-1',
      'system:kube-controller-manager',
    ];
    const resources = [
      'pods',
      'secrets',
      'nodes',
      'clusterrolebindings',
      'events',
      'services',
      'cronjobs',
      'leases',
    ];
    const subs = [undefined, 'exec', 'proxy', 'status', 'token'];
    let i = 0;
    for (const user of users)
      for (const resource of resources)
        for (const subresource of subs)
          for (const verb of ['get', 'list', 'create', 'delete', 'patch'])
            events.push(
              auditEvent({
                verb,
                resource,
                ...(subresource ? { subresource } : {}),
                ...(i % 3 === 0 ? {} : { namespace: 'shop', name: `o-${i}` }),
                user,
                groups: user === 'system:anonymous' ? ['system:unauthenticated'] : ['system:authenticated'],
                code: [200, 201, 403, 101][i++ % 4] as number,
                userAgent: i % 2 ? 'curl/8.5.0' : 'app/1.0',
                ...(resource === 'pods' && verb === 'create'
                  ? { requestObject: pod({ hostPID: true }) }
                  : {}),
                ...(i % 11 === 0 ? { impersonatedUser: { username: 'x' } } : {}),
                ...(i % 7 === 0 ? { stage: 'RequestReceived' } : {}),
              }),
            );
    const run = (offer: (d: Detector, e: Event) => void) => {
      const alerts: Alert[] = [];
      const detector = new Detector(builtinRuleSet(), (a) => alerts.push(a), {
        dedupWindow: 0,
        rateLimit: 1e9,
      });
      for (const e of events) offer(detector, e);
      detector.flush();
      return alerts.map((a) => `${a.rule} ${a.auditID}`);
    };
    const parsed = run((d, e) =>
      d.offer(toAuditEvent(structuredClone(e)) as Parameters<Detector['offer']>[0]),
    );
    const peeked = run((d, e) => assert.equal(d.offerLine(JSON.stringify(e)), undefined));
    assert.ok(parsed.length > 50, `only ${parsed.length} alerts`);
    assert.deepEqual(peeked, parsed);
  });
});
