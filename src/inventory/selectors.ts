/** Kubernetes label-selector matching (matchLabels + matchExpressions), and map-style selectors (Services). */

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | string;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

type Labels = Readonly<Record<string, string>>;

function requirementMatches(req: LabelSelectorRequirement, labels: Labels): boolean {
  const has = Object.hasOwn(labels, req.key);
  const values = Array.isArray(req.values) ? req.values : [];
  switch (req.operator) {
    case 'In':
      return has && values.includes(labels[req.key] as string);
    case 'NotIn':
      return !has || !values.includes(labels[req.key] as string);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false; // an unknown operator selects nothing, as the API server rejects it
  }
}

/**
 * metav1.LabelSelector semantics: an empty selector ({}) matches everything; a null/absent one matches nothing.
 */
export function selectorMatches(selector: unknown, labels: Labels): boolean {
  if (selector === null || selector === undefined || typeof selector !== 'object') return false;
  const { matchLabels, matchExpressions } = selector as LabelSelector;
  if (matchLabels && typeof matchLabels === 'object') {
    for (const [key, value] of Object.entries(matchLabels)) if (labels[key] !== value) return false;
  }
  if (Array.isArray(matchExpressions)) {
    for (const req of matchExpressions) {
      // a malformed requirement selects nothing, as the API server would reject it
      if (req === null || typeof req !== 'object' || !requirementMatches(req, labels)) return false;
    }
  }
  return true;
}

/** Service-style selector (a plain map): empty or absent selects nothing. */
export function mapSelectorMatches(selector: unknown, labels: Labels): boolean {
  if (selector === null || typeof selector !== 'object') return false;
  const entries = Object.entries(selector as Record<string, unknown>);
  if (entries.length === 0) return false;
  return entries.every(([key, value]) => labels[key] === value);
}
