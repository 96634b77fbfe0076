/** What the bench process asks of its load generator (a second process: bench/src/load/client.ts). */
export type LoadTask =
  | {
      kind: 'throughput';
      baseUrl: string;
      paths: string[];
      cookies: string[];
      connections: number;
      seconds: number;
    }
  | { kind: 'latency'; baseUrl: string; requests: { path: string; cookie: string }[] }
  | {
      kind: 'signed';
      baseUrl: string;
      /** One visitor per item: signs in with the cookie, takes a nonce, signs, then all send. */
      items: {
        cookie: string;
        path: string;
        action: string;
        fields: object;
        certificatePem: string;
      }[];
      chainPem: string[];
      keyPem: string;
      /** At most this many requests in flight; 0: all at once (the rush). */
      concurrency: number;
      /** Everyone from this one source address (parents behind a carrier's NAT); default: one each. */
      address?: string;
    }
  | {
      kind: 'burst';
      baseUrl: string;
      /** One visitor per path, connected first, then all sent at once. */
      paths: string[];
    }
  | {
      kind: 'flood';
      baseUrl: string;
      /** Sessions of the one account that floods, one stream each. */
      cookies: string[];
      path: string;
      /** The body sent again and again. */
      body: object;
    }
  | { kind: 'stopFlood' }
  | {
      kind: 'release';
      baseUrl: string;
      cookie: string;
      batches: { kindergartenId: number; groupYear: number; language: string; count: number }[];
      concurrency: number;
    };

export interface ThroughputResult {
  rps: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

export interface FloodResult {
  requests: number;
  byStatus: Record<string, number>;
}

export interface TimedResult {
  wallMs: number;
  /** Response times in ms, sorted. */
  times: number[];
  byStatus: Record<string, number>;
  /** The release's sum of turnsGiven. */
  turns?: number;
}
