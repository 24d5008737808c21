// Bundles the CLI into a few ESM chunks (one per command, loaded on demand): resolving and linking ~100 small
// modules one by one cost more than Node's whole start, and a one-file scan must start within 2x `node -e 0`.
import { rmSync } from 'node:fs';
import * as esbuild from 'esbuild-wasm';

// chunk names carry content hashes: without this, every build would leave the previous chunks behind
rmSync('dist/bundle', { recursive: true, force: true });

await esbuild.build({
  entryPoints: { main: 'src/cli/main.ts' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: 'dist/bundle',
  chunkNames: 'chunks/[name]-[hash]',
  // the Kubernetes client (hundreds of modules, CommonJS undici inside) stays in node_modules, imported only by
  // `scan --cluster`: bundled, its CommonJS parts would be hoisted and cost every command's start-up
  // etcd3 (gRPC, protobuf) likewise, imported only by `etcd-check`; better-sqlite3 (a native module) and pg
  // likewise, imported only by `scan --record`, `history` and `fleet`; the CycloneDX library (which esbuild-wasm
  // cannot bundle: it runs out of memory) and packageurl-js, imported only by `images`
  external: [
    '@kubernetes/client-node',
    'etcd3',
    'better-sqlite3',
    'pg',
    '@cyclonedx/cyclonedx-library',
    'packageurl-js',
  ],
  // CommonJS modules in the bundle may call require() through esbuild's shim; give the ESM bundle one
  banner: {
    js: "import { createRequire as __parapetRequire } from 'node:module'; const require = __parapetRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
