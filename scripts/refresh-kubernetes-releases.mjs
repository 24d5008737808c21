// Regenerates data/kubernetes-releases.json from endoflife.date: Kubernetes minors (release, end of life, latest
// patch) and the node operating systems PP-PLAT-022 knows (end of standard support). Run it before a release:
//   node scripts/refresh-kubernetes-releases.mjs            (fetches https://endoflife.date/api/<product>.json)
//   node scripts/refresh-kubernetes-releases.mjs --input D  (reads D/<product>.json instead, for offline use)
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const OUTPUT = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'data',
  'kubernetes-releases.json',
);
const API = 'https://endoflife.date/api';
/** Minors older than this many years past their end of life are dropped: older ones are "older than the data". */
const KEEP_YEARS = 3;

/**
 * Operating systems by endoflife.date product: how a Node's osImage names a cycle, and which date ends its
 * standard support (Debian's security support ends at `eol`, its LTS at `extendedSupport`; the others at `eol`).
 */
const OPERATING_SYSTEMS = [
  { product: 'ubuntu', name: (c) => `Ubuntu ${c}`, match: (c) => `^Ubuntu ${esc(c)}`, end: (r) => r.eol },
  {
    product: 'debian',
    name: (c) => `Debian ${c}`,
    match: (c) => `^Debian GNU/Linux ${esc(c)}\\b`,
    end: (r) => (typeof r.extendedSupport === 'string' ? r.extendedSupport : r.eol),
  },
  {
    product: 'centos',
    name: (c) => `CentOS Linux ${c}`,
    match: (c) => `^CentOS Linux ${esc(c)}\\b`,
    end: (r) => r.eol,
  },
  {
    product: 'centos-stream',
    name: (c) => `CentOS Stream ${c}`,
    match: (c) => `^CentOS Stream ${esc(c)}\\b`,
    end: (r) => r.eol,
  },
  {
    product: 'rhel',
    name: (c) => `Red Hat Enterprise Linux ${c}`,
    match: (c) => `^Red Hat Enterprise Linux( Server)? ${esc(c)}\\b`,
    end: (r) => r.eol,
  },
  {
    product: 'amazon-linux',
    name: (c) => `Amazon Linux ${c}`,
    match: (c) => (c === '2' ? '^Amazon Linux 2$' : `^Amazon Linux ${esc(c)}\\b`),
    end: (r) => r.eol,
  },
];

function esc(text) {
  return String(text).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function load(product, input) {
  if (input) return JSON.parse(await readFile(path.join(input, `${product}.json`), 'utf8'));
  const response = await fetch(`${API}/${product}.json`);
  if (!response.ok) throw new Error(`${API}/${product}.json answered ${response.status}`);
  return response.json();
}

const input = process.argv.includes('--input')
  ? process.argv[process.argv.indexOf('--input') + 1]
  : undefined;
const today = new Date().toISOString().slice(0, 10);
const cutoff = `${Number(today.slice(0, 4)) - KEEP_YEARS}${today.slice(4)}`;

const kubernetes = (await load('kubernetes', input))
  .filter((r) => typeof r.eol === 'string' && r.eol >= cutoff)
  .map((r) => ({ minor: r.cycle, released: r.releaseDate, endOfLife: r.eol, latest: r.latest }))
  .sort((a, b) => Number(b.minor.split('.')[1]) - Number(a.minor.split('.')[1]));

const operatingSystems = [];
for (const os of OPERATING_SYSTEMS)
  for (const r of await load(os.product, input)) {
    const end = os.end(r);
    if (typeof end !== 'string' || end < cutoff) continue; // long gone, or no date (false/true)
    operatingSystems.push({ name: os.name(r.cycle), match: os.match(r.cycle), endOfSupport: end });
  }

const previous = JSON.parse(await readFile(OUTPUT, 'utf8'));
const data = {
  about: previous.about.replace(/ This copy was written .*$/, ''),
  asOf: today,
  source: `${API}/kubernetes.json and ${OPERATING_SYSTEMS.map((os) => `${os.product}.json`).join(', ')}`,
  kubernetes,
  operatingSystems,
};
await writeFile(OUTPUT, `${JSON.stringify(data, null, 2)}\n`);
process.stdout.write(
  `wrote ${path.relative(process.cwd(), OUTPUT)}: ${kubernetes.length} Kubernetes minors, ${operatingSystems.length} OS releases, as of ${today}\n`,
);
