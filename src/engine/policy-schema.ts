const MODE = { enum: ['audit', 'warn', 'deny'] } as const;
const GLOBS = { type: 'array', items: { type: 'string', minLength: 1 } } as const;
/** A metav1.LabelSelector over the namespace's labels (as a ValidatingWebhookConfiguration's namespaceSelector). */
const NAMESPACE_SELECTOR = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    matchLabels: { type: 'object', additionalProperties: { type: 'string' } },
    matchExpressions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['key', 'operator'],
        properties: {
          key: { type: 'string', minLength: 1 },
          operator: { enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
          values: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
} as const;

/** `admission:`: how `parapet webhook` acts on each rule's violations, and whom it never judges. */
const ADMISSION_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    mode: MODE,
    onUpdate: { enum: ['all', 'new'] },
    overrides: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['rule', 'mode'],
        properties: {
          rule: { type: 'string', minLength: 1 },
          namespaces: GLOBS,
          namespaceSelector: NAMESPACE_SELECTOR,
          mode: MODE,
        },
      },
    },
    exemptions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['reason'],
        minProperties: 2,
        properties: {
          namespaces: GLOBS,
          namespaceSelector: NAMESPACE_SELECTOR,
          users: GLOBS,
          groups: GLOBS,
          reason: { type: 'string', minLength: 1 },
        },
      },
    },
  },
} as const;

/** JSON schema of the policy file (`parapet.yaml`). Rule parameters are checked against each rule's own schema. */
export const POLICY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    apiVersion: { type: 'string' },
    kind: { const: 'Policy' },
    failOn: { enum: ['critical', 'high', 'medium', 'low', 'info', 'none'] },
    pss: {
      type: 'object',
      additionalProperties: false,
      properties: {
        level: { enum: ['privileged', 'baseline', 'restricted'] },
        version: { type: 'string', pattern: '^(latest|v1\\.\\d+)$' },
      },
    },
    rules: {
      type: 'object',
      additionalProperties: {
        anyOf: [
          { enum: ['off', 'on'] },
          {
            type: 'object',
            additionalProperties: false,
            properties: {
              enabled: { type: 'boolean' },
              severity: { enum: ['critical', 'high', 'medium', 'low', 'info'] },
              params: { type: 'object' },
            },
          },
        ],
      },
    },
    admission: ADMISSION_SCHEMA,
    exceptions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['rule', 'reason'],
        properties: {
          rule: { type: 'string', minLength: 1 },
          kind: { type: 'string' },
          namespace: { type: 'string' },
          name: { type: 'string' },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
          reason: { type: 'string', minLength: 1 },
          expires: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
        },
      },
    },
  },
} as const;
