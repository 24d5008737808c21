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

const EXPRESSION = { type: 'string', minLength: 1 } as const;
const NAMED_EXPRESSIONS = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'expression'],
    properties: { name: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }, expression: EXPRESSION },
  },
} as const;

/** `customRules:`: rules of the user's own, in the CEL (and with the fields) of a ValidatingAdmissionPolicy. */
const CUSTOM_RULES_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'title', 'severity', 'remediation', 'match', 'validations'],
    properties: {
      id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' },
      title: { type: 'string', minLength: 1 },
      severity: { enum: ['critical', 'high', 'medium', 'low', 'info'] },
      chapter: { enum: ['platform', 'workloads', 'operations', 'data', 'network'] },
      recommendation: { type: 'string', minLength: 1 },
      remediation: { type: 'string', minLength: 1 },
      references: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['framework', 'id'],
          properties: {
            framework: { enum: ['CIS', 'NSA-CISA', 'OWASP', 'NIST-800-190', 'MS-TMK', 'PSS'] },
            id: { type: 'string', minLength: 1 },
            title: { type: 'string' },
          },
        },
      },
      match: {
        type: 'object',
        additionalProperties: false,
        required: ['kinds'],
        properties: {
          kinds: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
          namespaces: { type: 'array', items: { type: 'string', minLength: 1 } },
          labelSelector: { type: 'object' },
        },
      },
      variables: NAMED_EXPRESSIONS,
      validations: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['expression'],
          properties: {
            expression: EXPRESSION,
            message: { type: 'string', minLength: 1 },
            messageExpression: EXPRESSION,
            fieldPath: { type: 'string', minLength: 1 },
            reason: { enum: ['Unauthorized', 'Forbidden', 'Invalid', 'RequestEntityTooLarge'] },
          },
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
    customRules: CUSTOM_RULES_SCHEMA,
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
