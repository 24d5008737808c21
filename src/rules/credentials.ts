/**
 * What a credential looks like, in one place: shared by PP-WL-032 (env values, Secret key names) and PP-DATA-002
 * (ConfigMaps). Callers report where a credential is, never what it is: a match carries a description of the kind
 * and, for multi-line values, the line, but nothing of the value itself.
 */

export type CredentialKind =
  | 'aws-access-key-id'
  | 'aws-secret-access-key'
  | 'azure-storage-key'
  | 'azure-batch-key'
  | 'azure-client-secret'
  | 'gcp-key'
  | 'oci-key'
  | 'private-key'
  | 'url-password'
  | 'password';

export interface CredentialMatch {
  kind: CredentialKind;
  /** For messages: `an AWS access key id`. Never contains any part of the value. */
  description: string;
  /** A static cloud credential, which workload identity should replace. */
  cloud: boolean;
  /** 1-based line inside a multi-line value (a file kept in a ConfigMap) where the credential sits. */
  line?: number;
  /**
   * Only the name says it is a credential: the value looks like a placeholder or template (`changeme`, `xxxx`,
   * `${VAR}`, `<your-key>`, `{{ .Values.key }}`). Reported lower: nothing leaks yet, but the real value is
   * meant to be written here.
   */
  placeholder?: true;
}

const MATCHES: Record<CredentialKind, Omit<CredentialMatch, 'line' | 'placeholder'>> = {
  'aws-access-key-id': { kind: 'aws-access-key-id', description: 'an AWS access key id', cloud: true },
  'aws-secret-access-key': {
    kind: 'aws-secret-access-key',
    description: 'an AWS secret access key',
    cloud: true,
  },
  'azure-storage-key': {
    kind: 'azure-storage-key',
    description: 'an Azure storage account key',
    cloud: true,
  },
  'azure-batch-key': { kind: 'azure-batch-key', description: 'an Azure Batch account key', cloud: true },
  'azure-client-secret': {
    kind: 'azure-client-secret',
    description: 'an Azure (or other OAuth) client secret',
    cloud: true,
  },
  'gcp-key': { kind: 'gcp-key', description: 'a Google Cloud service-account or API key', cloud: true },
  'oci-key': { kind: 'oci-key', description: 'an Oracle Cloud API signing key', cloud: true },
  'private-key': { kind: 'private-key', description: 'a PEM private key', cloud: false },
  'url-password': { kind: 'url-password', description: 'a password inside a URL', cloud: false },
  password: { kind: 'password', description: 'a literal password or token', cloud: false },
};

/** Patterns recognised in a value whatever its key; cloud credentials first. */
const VALUE_PATTERNS: { kind: CredentialKind; pattern: RegExp }[] = [
  { kind: 'gcp-key', pattern: /"private_key"\s*:/ },
  { kind: 'azure-storage-key', pattern: /DefaultEndpointsProtocol=[^;\s]*;(?:[^;\s]*;)*?AccountKey=[^;\s]/i },
  { kind: 'aws-access-key-id', pattern: /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/ },
  { kind: 'private-key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/ },
  { kind: 'url-password', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:(?![$<{*])[^\s/@]+@/i },
];

/** Words that make a name a generic credential name (`DB_PASSWORD`, `apiToken`). */
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'secret',
  'token',
  'apikey',
]);
/** `api key`, `signing key`, ...: a `key` preceded by one of these words. */
const KEY_QUALIFIERS = new Set(['api', 'access', 'signing', 'encryption', 'master']);
/** `private key`, `tls.key`: a `key` preceded by one of these words names a private key. */
const PRIVATE_KEY_QUALIFIERS = new Set(['private', 'tls']);
/** Last words that make a name describe a credential rather than hold one (`TOKEN_URL`, `passwordFile`). */
const NOT_A_VALUE = new Set([
  'file',
  'files',
  'path',
  'dir',
  'directory',
  'url',
  'uri',
  'endpoint',
  'host',
  'name',
  'names',
  'ref',
  'id',
  'audience',
  'issuer',
  'ttl',
  'expiry',
  'expires',
  'expiration',
  'lifetime',
  'duration',
  'timeout',
  'interval',
  'length',
  'len',
  'size',
  'count',
  'max',
  'min',
  'policy',
  'header',
  'type',
  'kind',
  'mode',
  'enabled',
  'enable',
  'disabled',
  'required',
  'location',
  'format',
  'version',
  'algorithm',
  'provider',
  'source',
  'mount',
  'prefix',
  'suffix',
  'pattern',
  'regex',
  'store',
  'namespace',
  'label',
  'field',
  'hint',
  'rotation',
  'scope',
  'scopes',
  'method',
  'strategy',
  'verify',
  'verification',
  'validation',
  'cache',
  'encoding',
  'limit',
  'delay',
  'retries',
]);

/** Splits `AWS_SECRET_ACCESS_KEY`, `clientSecret`, `spring.datasource.password` into lower-case words. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
}

/** A value written out in full, not a reference (`$(VAR)`, `${VAR}`, `{{ .Values.x }}`), path or placeholder. */
function isLiteral(value: string): boolean {
  const v = value.trim();
  if (v === '') return false;
  if (/\$\(|\$\{|\{\{|^<.*>$/.test(v)) return false;
  if (/^(?:\/|\.\/|file:)/.test(v)) return false;
  if (/^(?:true|false|yes|no|on|off|null|none|~)$/i.test(v)) return false;
  if (MASKED.test(v)) return false;
  return true;
}

/** `xxxxx`, `****`, `...`: a value masked or left out. */
const MASKED = /^[*xX.•_-]+$/;

/**
 * Values that stand for a credential still to be filled in: templates, `<...>`, masks and the words people
 * write there. A value that merely contains such a word (`changeme2024`) is a literal.
 */
const PLACEHOLDER_PATTERNS: readonly RegExp[] = [
  /\$\{[^}]*\}/, // ${VAR}: envsubst, Spring, shell
  /\{\{.*\}\}/, // {{ .Values.key }}: an unrendered Helm or Go template
  /^<[^<>]*>$/, // <your-key>
  MASKED,
  /^(?:change|replace|update|set)[-_ ]?me$/i,
  /^(?:todo|tbd|fixme|placeholder|dummy|redacted|notset|not[-_ ]set)$/i,
  /^(?:your|insert|enter|put)[-_ ]/i, // your-api-key, INSERT_TOKEN_HERE
  /[-_ ]here$/i, // paste-key-here
];

function isPlaceholder(value: string): boolean {
  const v = value.trim();
  return PLACEHOLDER_PATTERNS.some((pattern) => pattern.test(v));
}

/** Names repeat across a large input (the same env vars in every release): each is classified once. */
const classifiedNames = new Map<string, CredentialKind | null>();
const CLASSIFIED_NAMES_LIMIT = 100_000;

/** Classifies a name alone: the cloud credential names, then generic password/token names. */
function classifyName(name: string): CredentialKind | undefined {
  const known = classifiedNames.get(name);
  if (known !== undefined) return known ?? undefined;
  const kind = classifyNameUncached(name);
  if (classifiedNames.size >= CLASSIFIED_NAMES_LIMIT) classifiedNames.clear();
  classifiedNames.set(name, kind ?? null);
  return kind;
}

function classifyNameUncached(name: string): CredentialKind | undefined {
  const parts = words(name);
  if (parts.length === 0) return undefined;
  const joined = parts.join('');
  const last = parts[parts.length - 1] as string;
  if (/(?:secretaccesskey|awssecretkey)$/.test(joined)) return 'aws-secret-access-key';
  if (/(?:awsaccesskeyid|^accesskeyid)$/.test(joined)) return 'aws-access-key-id';
  if (/^(?:clientsecret|.*azureclientsecret|armclientsecret)$/.test(joined)) return 'azure-client-secret';
  if (/(?:azurebatchkey|batchaccountkey)$/.test(joined)) return 'azure-batch-key';
  if (/^oci(?:cli)?keycontent$/.test(joined)) return 'oci-key';
  if (/^id(?:rsa|dsa|ecdsa|ed25519)$|privatekey$/.test(joined)) return 'private-key';
  if (/(?:storageaccountkey|storageaccesskey|storagekey|^accountkey|storageconnectionstring)$/.test(joined)) {
    return 'azure-storage-key';
  }
  if (/(?:serviceaccountkey|serviceaccountjson)$/.test(joined)) return 'gcp-key';
  const first = parts[0] as string;
  if (
    ['gcp', 'gcloud', 'google', 'gcs'].includes(first) &&
    ['key', 'json'].includes(last) &&
    parts.length > 1
  ) {
    return 'gcp-key';
  }
  if (NOT_A_VALUE.has(last)) return undefined;
  for (const [i, word] of parts.entries()) {
    if (SECRET_WORDS.has(word) || word === 'credential' || word === 'credentials') return 'password';
    if (word === 'key' && i > 0 && PRIVATE_KEY_QUALIFIERS.has(parts[i - 1] as string)) return 'private-key';
    if (word === 'key' && i > 0 && KEY_QUALIFIERS.has(parts[i - 1] as string)) return 'password';
    if (word.endsWith('password') || word.endsWith('passwd')) return 'password';
  }
  return undefined;
}

/** How a match found by name alone describes itself, where the value-pattern description says more. */
const NAME_DESCRIPTIONS: Partial<Record<CredentialKind, string>> = { 'private-key': 'a private key' };

function match(kind: CredentialKind, line?: number): CredentialMatch {
  return line === undefined ? { ...MATCHES[kind] } : { ...MATCHES[kind], line };
}

function nameMatch(kind: CredentialKind, placeholder: boolean): CredentialMatch {
  const found = match(kind);
  const description = NAME_DESCRIPTIONS[kind];
  if (description !== undefined) found.description = description;
  if (placeholder) found.placeholder = true;
  return found;
}

/** 1-based line of `offset` in `text`. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** `key = value`, `key: value`, `"key": "value"`, `export KEY=value`: one setting per line of a config file. */
const SETTING_LINE =
  /^\s*(?:export\s+)?["']?([A-Za-z0-9_.-]+)["']?\s*[:=]\s*["']?([^"'\s#][^"'#]*?)["']?\s*,?\s*(?:#.*)?$/;
const MAX_LINE = 4096;

/**
 * Whether `key` holding `value` looks like a credential, and which. With `value` undefined only the name is
 * judged (Secret key names). Values are judged by content anywhere (AWS key ids, Azure connection strings, GCP
 * key JSON, PEM private keys, passwords in URLs); names (`AWS_SECRET_ACCESS_KEY`, `clientSecret`, `DB_PASSWORD`)
 * with a literal single-line value, or with a placeholder one (then `placeholder` is set). References
 * (`$(VAR)`), paths, flags and empty values say nothing. Multi-line values (files) are also read setting by
 * setting, literal settings only: `password=${DB_PASSWORD}` in a file is how the file reads it from elsewhere
 * (a setting such as `password=changeme` there is judged as the literal it is).
 */
export function classifyCredential(key: string, value?: string): CredentialMatch | undefined {
  if (value === undefined) {
    const kind = classifyName(key);
    return kind === undefined ? undefined : nameMatch(kind, false);
  }
  const multiLine = value.includes('\n');
  for (const { kind, pattern } of VALUE_PATTERNS) {
    const found = pattern.exec(value);
    if (found !== null) return match(kind, multiLine ? lineAt(value, found.index) : undefined);
  }
  if (!multiLine) {
    const placeholder = isPlaceholder(value);
    const kind = placeholder || isLiteral(value) ? classifyName(key) : undefined;
    return kind === undefined ? undefined : nameMatch(kind, placeholder);
  }
  const lines = value.split('\n');
  for (const [i, text] of lines.entries()) {
    if (text.length > MAX_LINE) continue;
    const setting = SETTING_LINE.exec(text);
    if (setting === null) continue;
    const [, name, literal] = setting as unknown as [string, string, string];
    if (!isLiteral(literal)) continue;
    const kind = classifyName(name);
    if (kind !== undefined) return match(kind, i + 1);
  }
  return undefined;
}
