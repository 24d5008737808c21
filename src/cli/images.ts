/** `parapet images`: every image in use, with its workloads; as a table, JSON or a CycloneDX BOM; --vulns joins scans. */
import { oneOf, parseFlags } from './args.js';
import { CLUSTER_FLAGS, CLUSTER_HELP, pathsOrCluster } from './cluster-flags.js';
import { writeOutput } from './output.js';

const HELP = `List every image the workloads run, with the workloads and namespaces that run it.

Usage:
  parapet images [flags] PATH...
  parapet images --cluster [--kubeconfig F] [--context C] [-n NS | -A] [flags]

PATH is what \`parapet scan\` reads: files, directories (recursively), kustomizations, - for stdin.
Containers, init and ephemeral containers of every pod controller count; a workload is the top owner
(a Deployment, not its ReplicaSets and Pods). From a cluster, the digests the Pods run
(status.containerStatuses[].imageID) are added where the template names only a tag.

Flags:
  --format FORMAT       table (default), json, or cyclonedx (a CycloneDX 1.6 JSON BOM: components of type
                        container, purl pkg:oci/..., digests as SHA-256 hashes, workloads as properties)
  --vulns FILE|DIR      a vulnerability report to join to the images (a directory: each .json file in
                        it); may repeat. Trivy JSON
                        (trivy image -f json), Grype JSON (grype -o json) or CycloneDX JSON with
                        vulnerabilities. Matched by digest where both sides know one, else by name and tag
  -o, --output FILE     write to FILE instead of standard output
  -f, --filename PATH   another PATH (kubectl style); may repeat
  -h, --help            this help

${CLUSTER_HELP}
Offline sites: scan the images where the registry is (trivy image -f json -o web.json IMAGE), carry the
reports to the site, and join them there with --vulns; parapet opens no network connection for this.

Examples:
  parapet images k8s/
  parapet images --cluster --format cyclonedx -o site.cdx.json
  parapet images --vulns trivy-web.json --vulns grype-db.json k8s/

Exit codes: 0 listed; 2 usage error, unreadable input or an unreadable report.
`;

const IMAGE_FORMATS = ['table', 'json', 'cyclonedx'] as const;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      format: { type: 'string' },
      vulns: { type: 'string', multiple: true },
      output: { type: 'string', short: 'o' },
      filename: { type: 'string', short: 'f', multiple: true },
      help: { type: 'boolean', short: 'h' },
      ...CLUSTER_FLAGS,
    },
    'images',
  );
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const { paths, input } = pathsOrCluster(values, positionals, 'images');
  const format = oneOf('format', values.format, IMAGE_FORMATS, 'table');
  const [{ readImageInventory }, { readVulnerabilityReports }, report] = await Promise.all([
    import('../supply/input.js'),
    import('../supply/vulns.js'),
    import('../supply/report.js'),
  ]);
  const scans = values.vulns ? await readVulnerabilityReports(values.vulns) : undefined;
  const inventory = await readImageInventory(paths, input);
  for (const note of inventory.notes)
    if (note.level === 'error')
      process.stderr.write(
        `parapet images: ${note.file ? `${note.file}${note.line ? `:${note.line}` : ''}: ` : ''}${note.message}\n`,
      );
  const joined = scans ? report.joinScans(inventory.entries, scans) : undefined;
  let text: string;
  if (format === 'cyclonedx')
    text = (await import('../supply/cyclonedx.js')).cyclonedxBom(inventory.entries, joined);
  else if (format === 'json') text = report.renderImagesJson(inventory.entries, joined);
  else text = report.renderImagesTable(inventory.entries, joined);
  await writeOutput(text, values.output);
  return inventory.inputErrors ? 2 : 0;
}
