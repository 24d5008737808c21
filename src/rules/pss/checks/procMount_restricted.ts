/**
 * From v1.35, when baseline's procMount started allowing unmasked /proc in user namespaces, restricted keeps the
 * unconditional rule by replacing procMount with this check (same rule, same wording).
 */
import type { PssCheck } from '../check.js';
import { forbidNonDefaultProcMount } from './procMount.js';

export const procMountRestricted: PssCheck = {
  id: 'procMount_restricted',
  level: 'restricted',
  overrides: ['procMount'],
  versions: [{ minVersion: 'v1.35', evaluate: forbidNonDefaultProcMount }],
};
