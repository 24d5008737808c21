// The settings a KubeletConfiguration (file or configz) becomes: nested fields by their dotted names, and lists
// of scalars as the comma-separated value their flag would take.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { scalarFields } from '../../src/inventory/platform-facts.js';

it('flattens nested fields and reads a list of scalars as its flag would', () => {
  const fields = [
    ...scalarFields({
      authentication: { anonymous: { enabled: false } },
      tlsCipherSuites: ['TLS_A', 'TLS_B'],
      clusterDNS: [],
      staticPodURLHeader: [{ name: 'x' }],
      readOnlyPort: 0,
    }),
  ].map(({ name, value }) => [name, value]);
  assert.deepEqual(fields, [
    ['authentication.anonymous.enabled', 'false'],
    ['tlsCipherSuites', 'TLS_A,TLS_B'],
    ['readOnlyPort', '0'],
  ]);
});
