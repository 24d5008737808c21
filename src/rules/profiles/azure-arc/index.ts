/**
 * The Azure Arc-enabled Kubernetes profile. Its rules run only where the input shows an Arc-connected cluster
 * (the `azure-arc` namespace, see marker.ts); elsewhere they are inert.
 */
import type { Rule } from '../../types.js';
import { arcAgentAutoUpgrade } from './agent-auto-upgrade.js';
import { arcExtensionAutoUpgrade } from './extension-auto-upgrade.js';

export { ARC_NAMESPACE, arcPresent } from './marker.js';

export const AZURE_ARC_RULES: readonly Rule[] = [arcAgentAutoUpgrade, arcExtensionAutoUpgrade];
