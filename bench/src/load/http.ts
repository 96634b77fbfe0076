import http from 'node:http';

export interface Reply {
  status: number;
  body: unknown;
  ms: number;
}

/** One person's connection: its own source address (rate limits count per address) and cookie. */
export class Visitor {
  readonly agent: http.Agent;
  readonly address: string;
  cookie: string | undefined;
  csrfToken: string | undefined;

  constructor(address: string, cookie?: string, sockets = 1) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
    this.address = address;
    this.cookie = cookie;
  }

  request(baseUrl: string, method: string, path: string, body?: unknown): Promise<Reply> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrfToken && method !== 'GET') headers['x-csrf-token'] = this.csrfToken;
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const request = http.request(
        new URL(path, baseUrl),
        { method, headers, agent: this.agent, localAddress: this.address },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () => {
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : null;
            } catch {
              // not JSON: kept as text
            }
            resolve({
              status: response.statusCode ?? 0,
              body: parsed,
              ms: performance.now() - started,
            });
          });
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** 127.a.b.c for the i-th visitor: every loopback address is local on Linux. */
export function loopbackAddress(i: number): string {
  return `127.${10 + Math.floor(i / 62_500)}.${(Math.floor(i / 250) % 250) + 1}.${(i % 250) + 1}`;
}
