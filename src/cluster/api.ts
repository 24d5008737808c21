/**
 * GET against the API server: bounded concurrency, a timeout per request, and retries with exponential backoff on
 * 429 and 5xx (and on dropped connections and timeouts), waiting what `Retry-After` asks where the server says.
 */
import { Agent, request } from 'node:https';
import type { ClusterAccess } from './access.js';

export interface ApiOptions {
  /** Requests in flight at most (default 4). */
  concurrency?: number;
  /** Milliseconds per request before it is abandoned (and retried) (default 30 s). */
  requestTimeoutMs?: number;
  /** Tries per request, the first included (default 5). */
  attempts?: number;
  /** First backoff in milliseconds, doubled each retry (default 500). */
  backoffMs?: number;
}

/** A request the server refused (after retries, where it was worth retrying). */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    /** The Status reason (`Forbidden`, `NotFound`, `Expired`) or, without a response, the network error code. */
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

const RETRIED_STATUS = new Set([429, 500, 502, 503, 504]);
const MAX_RETRY_AFTER_S = 60;

export class ApiClient {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly backoffMs: number;
  /**
   * Connections kept open between requests: without it each page costs a TLS handshake (and a secure context
   * built from the CA again). A proxy agent from the kubeconfig takes precedence.
   */
  private readonly agent: Agent;

  constructor(
    readonly access: ClusterAccess,
    options: ApiOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.attempts = Math.max(1, options.attempts ?? 5);
    this.backoffMs = options.backoffMs ?? 500;
    this.agent = new Agent({ keepAlive: true, maxSockets: this.concurrency });
  }

  /** Closes the kept-open connections (the process may then exit without waiting for them to time out). */
  close(): void {
    this.agent.destroy();
  }

  /** The decoded JSON body of a 200 answer; an ApiError otherwise. `attempts` overrides the client's tries. */
  async get(
    path: string,
    accept = 'application/json',
    attempts = this.attempts,
  ): Promise<Record<string, unknown>> {
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.limited(() => this.once(path, accept));
      if (outcome.ok) return outcome.body;
      if (!outcome.retry || attempt >= attempts) throw outcome.error;
      const backoff = this.backoffMs * 2 ** (attempt - 1);
      const wait =
        outcome.retryAfterS === undefined ? backoff : Math.min(outcome.retryAfterS, MAX_RETRY_AFTER_S) * 1000;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  private async limited<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  private async once(
    path: string,
    accept: string,
  ): Promise<
    | { ok: true; body: Record<string, unknown> }
    | { ok: false; retry: boolean; retryAfterS?: number; error: ApiError }
  > {
    const options = await this.access.requestOptions();
    return new Promise((resolve) => {
      const req = request(
        `${this.access.server}${path}`,
        {
          ...options,
          // the client's own agent for a direct connection keeps none open; its proxy agents stay
          agent:
            options.agent === undefined || options.agent.constructor === Agent ? this.agent : options.agent,
          method: 'GET',
          headers: { ...options.headers, accept, 'user-agent': 'parapet' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error) => resolve(networkFailure(error)));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown;
            try {
              body = JSON.parse(text);
            } catch {
              body = undefined;
            }
            const record = (body !== null && typeof body === 'object' ? body : {}) as Record<string, unknown>;
            if (status === 200 && body !== undefined) return resolve({ ok: true, body: record });
            const reason = typeof record.reason === 'string' ? record.reason : `HTTP ${status}`;
            const message =
              typeof record.message === 'string' ? record.message : text.slice(0, 200) || `HTTP ${status}`;
            const retryAfter = Number(res.headers['retry-after']);
            resolve({
              ok: false,
              retry: RETRIED_STATUS.has(status),
              retryAfterS: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
              error: new ApiError(status, reason, message),
            });
          });
        },
      );
      req.setTimeout(this.timeoutMs, () =>
        req.destroy(
          Object.assign(new Error(`no answer within ${this.timeoutMs / 1000} s`), { code: 'Timeout' }),
        ),
      );
      req.on('error', (error) => resolve(networkFailure(error)));
      req.end();
    });
  }
}

/** Connections dropped or stalled are worth another try; a refused connection or a bad certificate is not. */
const RETRIED_NETWORK_ERRORS = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'Timeout']);

function networkFailure(error: Error & { code?: string }) {
  return {
    ok: false as const,
    retry: RETRIED_NETWORK_ERRORS.has(error.code ?? ''),
    error: new ApiError(0, error.code ?? 'NetworkError', error.message),
  };
}
