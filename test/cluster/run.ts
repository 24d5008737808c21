import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CliResult } from '../helpers/cli.js';
import { BIN, REPO_ROOT } from '../helpers/paths.js';

/** `parapet ...args` without blocking the event loop, so the fake API server in this process can answer it. */
export function parapetAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A kubeconfig file in a fresh temporary directory. */
export function kubeconfigFile(text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'parapet-kubeconfig-')), 'config');
  writeFileSync(file, text);
  return file;
}
