import type { Reporter } from './types.js';

export const FORMATS = ['table', 'json', 'sarif', 'junit', 'html', 'policyreport'] as const;
export type Format = (typeof FORMATS)[number];

export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

/** Imports only the chosen reporter's module: start-up time matters for a CLI run in every pipeline. */
export async function loadReporter(format: Format): Promise<Reporter> {
  switch (format) {
    case 'table':
      return (await import('./table.js')).renderTable;
    case 'json':
      return (await import('./json.js')).renderJson;
    case 'sarif':
      return (await import('./sarif.js')).renderSarif;
    case 'junit':
      return (await import('./junit.js')).renderJunit;
    case 'html':
      return (await import('./html/page.js')).renderHtml;
    case 'policyreport':
      return (await import('./policyreport.js')).renderPolicyReport;
    default:
      throw new Error(`unknown report format: ${String(format satisfies never)}`);
  }
}
