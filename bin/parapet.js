#!/usr/bin/env node
// Thin launcher: the CLI is compiled TypeScript (npm ci builds it through `prepare`).
import('../dist/bundle/main.js').then(
  (cli) => cli.main(process.argv.slice(2)),
  (error) => {
    if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
      process.stderr.write(
        'parapet: not built yet; run `npm ci` (or `npm run build`) in the checkout first\n',
      );
    } else {
      process.stderr.write(`parapet: ${error?.stack ? error.stack : error}\n`);
    }
    process.exitCode = 2;
  },
);
