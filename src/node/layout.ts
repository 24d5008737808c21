/** What a distribution's reader hands over: component settings, where sensitive files live, and what it missed. */
import type { Note } from '../findings/finding.js';
import { COMPONENT_NAMES } from '../inventory/platform-facts.js';
import type { Component, ComponentFacts } from './components.js';
import type { FileSpots } from './files.js';
import type { HostRoot } from './host.js';

export const DISTRIBUTIONS = ['kubeadm', 'k3s', 'rke2'] as const;
export type Distribution = (typeof DISTRIBUTIONS)[number];

export interface LayoutRead {
  components: ComponentFacts[];
  files: FileSpots;
  notes: Note[];
}

export interface Layout {
  name: Distribution;
  /** Paths whose presence says this distribution is installed (any one). */
  markers: readonly string[];
  read(host: HostRoot): Promise<LayoutRead>;
}

/** A component whose configuration was not found: its checks are not assessable, never passed. */
export function notAssessable(component: Component, lookedAt: readonly string[]): Note {
  return {
    level: 'warning',
    message: `not assessable: no ${COMPONENT_NAMES[component]} configuration found (looked at ${lookedAt.join(', ')}); its checks did not run`,
  };
}
