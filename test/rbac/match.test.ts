/** The API server's rule matching, one table per matcher; each row the case that tells naive from exact. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Request, ruleAllows } from '../../src/rbac/match.js';
import type { PolicyRuleView } from '../../src/rbac/objects.js';
import { parseRequest } from '../../src/rbac/request.js';

function rule(fields: Partial<PolicyRuleView>): PolicyRuleView {
  return {
    index: 0,
    path: ['rules', 0],
    apiGroups: [''],
    resources: [],
    verbs: [],
    resourceNames: [],
    nonResourceURLs: [],
    ...fields,
  };
}

const get = (target: string, name?: string) => parseRequest('get', target, name) as Request;
const create = (target: string) => parseRequest('create', target) as Request;

const CASES: [string, Partial<PolicyRuleView>, Request, boolean][] = [
  // verbs
  ['verb * matches any verb', { verbs: ['*'], resources: ['pods'] }, create('pods'), true],
  [
    'get does not grant list',
    { verbs: ['get'], resources: ['pods'] },
    parseRequest('list', 'pods') as Request,
    false,
  ],
  // API groups
  [
    'apiGroups * counts for the core group',
    { apiGroups: ['*'], verbs: ['get'], resources: ['secrets'] },
    get('secrets'),
    true,
  ],
  [
    'apps does not grant core',
    { apiGroups: ['apps'], verbs: ['get'], resources: ['secrets'] },
    get('secrets'),
    false,
  ],
  [
    'core does not grant apps',
    { verbs: ['get'], resources: ['deployments'] },
    get('deployments.apps'),
    false,
  ],
  // resources and subresources
  ['resource * grants subresources', { verbs: ['create'], resources: ['*'] }, create('pods/exec'), true],
  ['pods/* grants no subresource', { verbs: ['create'], resources: ['pods/*'] }, create('pods/exec'), false],
  ['*/exec grants pods/exec', { verbs: ['create'], resources: ['*/exec'] }, create('pods/exec'), true],
  [
    '*/scale grants deployments/scale',
    { apiGroups: ['apps'], verbs: ['update'], resources: ['*/scale'] },
    parseRequest('update', 'deployments.apps/scale') as Request,
    true,
  ],
  ['*/exec does not grant pods itself', { verbs: ['create'], resources: ['*/exec'] }, create('pods'), false],
  ['pods does not grant pods/exec', { verbs: ['create'], resources: ['pods'] }, create('pods/exec'), false],
  ['pods/exec does not grant pods', { verbs: ['create'], resources: ['pods/exec'] }, create('pods'), false],
  ['*/exe is not */exec', { verbs: ['create'], resources: ['*/exe'] }, create('pods/exec'), false],
  // resourceNames
  [
    'resourceNames grants the named object',
    { verbs: ['get'], resources: ['secrets'], resourceNames: ['tls'] },
    get('secrets', 'tls'),
    true,
  ],
  [
    'resourceNames does not grant another object',
    { verbs: ['get'], resources: ['secrets'], resourceNames: ['tls'] },
    get('secrets', 'db'),
    false,
  ],
  [
    'resourceNames does not grant list (no name)',
    { verbs: ['list'], resources: ['secrets'], resourceNames: ['tls'] },
    parseRequest('list', 'secrets') as Request,
    false,
  ],
  // non-resource URLs
  ['exact URL', { verbs: ['get'], nonResourceURLs: ['/healthz'] }, get('/healthz'), true],
  [
    'exact URL is not a prefix',
    { verbs: ['get'], nonResourceURLs: ['/healthz'] },
    get('/healthz/etcd'),
    false,
  ],
  ['trailing * is a prefix', { verbs: ['get'], nonResourceURLs: ['/healthz/*'] }, get('/healthz/etcd'), true],
  [
    '/healthz/* does not match /healthz',
    { verbs: ['get'], nonResourceURLs: ['/healthz/*'] },
    get('/healthz'),
    false,
  ],
  ['/api* matches /apis', { verbs: ['get'], nonResourceURLs: ['/api*'] }, get('/apis'), true],
  ['* matches any URL', { verbs: ['get'], nonResourceURLs: ['*'] }, get('/debug/pprof'), true],
  [
    'a resource rule grants no URL',
    { apiGroups: ['*'], verbs: ['*'], resources: ['*'] },
    get('/metrics'),
    false,
  ],
  ['a URL rule grants no resource', { verbs: ['*'], nonResourceURLs: ['*'] }, get('pods'), false],
];

describe('ruleAllows', () => {
  for (const [name, fields, request, expected] of CASES) {
    it(name, () => assert.equal(ruleAllows(rule(fields), request), expected));
  }
});

describe('parseRequest', () => {
  const TABLE: [string, string, Request | undefined][] = [
    ['get', 'pods', { verb: 'get', apiGroup: '', resource: 'pods' }],
    ['create', 'pods/exec', { verb: 'create', apiGroup: '', resource: 'pods', subresource: 'exec' }],
    [
      'patch',
      'deployments.apps/scale',
      { verb: 'patch', apiGroup: 'apps', resource: 'deployments', subresource: 'scale' },
    ],
    [
      'create',
      'validatingwebhookconfigurations.admissionregistration.k8s.io',
      {
        verb: 'create',
        apiGroup: 'admissionregistration.k8s.io',
        resource: 'validatingwebhookconfigurations',
      },
    ],
    ['get', '/healthz', { verb: 'get', path: '/healthz' }],
    ['get', 'pods/', undefined],
    ['get', 'pods.', undefined],
    ['get', 'a/b/c', undefined],
    ['', 'pods', undefined],
  ];
  for (const [verb, target, expected] of TABLE) {
    it(`${verb || '(no verb)'} ${target}`, () => assert.deepEqual(parseRequest(verb, target), expected));
  }
});
