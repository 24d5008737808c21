import yaml from 'js-yaml';

/**
 * Parameters a rule's example needs, from a leading `# policy: rules: {ID: {params: {...}}}` comment (rules that
 * are off until configured, such as an allow-list, show their examples with the setting that turns them on).
 */
export function exampleParams(id: string, text: string): Record<string, unknown> | undefined {
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const match = /^#\s*policy:\s*(.+)$/.exec(line);
    if (match === null) {
      if (line.startsWith('#')) continue;
      return undefined;
    }
    const policy = yaml.load(match[1]) as { rules?: Record<string, { params?: Record<string, unknown> }> };
    return policy?.rules?.[id]?.params;
  }
  return undefined;
}
