import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from a compiled test file at dist/test/... */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** shared/ beside the checkout: conformance data that CI has and a user's clone may not. */
export const SHARED_DIR = path.resolve(REPO_ROOT, '..', 'shared');
export const EXAMPLE_DIR = path.join(REPO_ROOT, 'examples', 'edge-cluster', 'site');
export const FIXED_EXAMPLE_DIR = path.join(REPO_ROOT, 'examples', 'edge-cluster', 'fixed');
export const BIN = path.join(REPO_ROOT, 'bin', 'parapet.js');
