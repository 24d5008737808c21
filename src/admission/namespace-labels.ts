/**
 * The labels of a request's namespace, for policies that select namespaces by label: an AdmissionReview names the
 * namespace but does not carry its labels, so the server asks the API server (through a lookup the CLI wires to
 * the cluster) and keeps the answer for a while. Concurrent requests for one namespace share one lookup.
 */

export interface NamespaceLabelLookup {
  /** The namespace's labels ({} for a namespace that does not exist); throws when it cannot be read. */
  read(name: string): Promise<Readonly<Record<string, string>>>;
  /**
   * Gets ready to read (loads the client and the credentials), so the first request that needs labels does not
   * pay for it within its deadline; a failure here is only remembered by the reads that follow.
   */
  prepare?(): Promise<void>;
}

export interface NamespaceLabels {
  /** The labels, or an error saying why they are unknown. */
  get(name: string): Promise<{ labels?: Readonly<Record<string, string>>; error?: string }>;
  /** Prepares the lookup ahead of the first request (errors are left to the reads). */
  prepare(): void;
}

interface Entry {
  labels?: Readonly<Record<string, string>>;
  error?: string;
  until: number;
}

/** A failed lookup is retried after this long at most, so a flapping API server is not asked on every request. */
const ERROR_TTL_MS = 1000;

export function namespaceLabelCache(
  lookup: NamespaceLabelLookup,
  ttlMs: number,
  now: () => number = Date.now,
): NamespaceLabels {
  const entries = new Map<string, Entry>();
  const pending = new Map<string, Promise<Entry>>();
  const load = (name: string): Promise<Entry> => {
    const started = now();
    return lookup.read(name).then(
      (labels) => ({ labels, until: started + ttlMs }),
      (error: unknown) => ({
        error: error instanceof Error ? error.message : String(error),
        until: started + Math.min(ttlMs, ERROR_TTL_MS),
      }),
    );
  };
  return {
    prepare() {
      lookup.prepare?.().catch(() => undefined);
    },
    async get(name) {
      const cached = entries.get(name);
      if (cached !== undefined && cached.until > now()) return cached;
      let inFlight = pending.get(name);
      if (inFlight === undefined) {
        inFlight = load(name).then((entry) => {
          pending.delete(name);
          entries.set(name, entry);
          return entry;
        });
        pending.set(name, inFlight);
      }
      return inFlight;
    },
  };
}
