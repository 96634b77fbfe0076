import http from 'node:http';

export interface Answer {
  status: number;
  body: unknown;
}

/**
 * A browser of one person against real servers: its own source address (127.0.0.x, so that the
 * per-address rate limits see many parents), the session and nonce binding cookies and the CSRF token. Each request
 * may go to another base URL: the instances share sessions through the database.
 */
export class Browser {
  private cookie: string | null = null;
  /** The nonce binding of a browser not signed in yet (http/nonce-binding.ts). */
  private nonceCookie: string | null = null;
  private csrfToken: string | null = null;
  private readonly agent: http.Agent;
  private readonly localAddress: string;
  baseUrls: string[];
  private turn = 0;

  constructor(baseUrls: string[], localAddress: string) {
    this.baseUrls = baseUrls;
    this.localAddress = localAddress;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  }

  /** Round-robin over the base URLs: a load balancer in front of the instances. */
  private nextBase(): string {
    const base = this.baseUrls[this.turn % this.baseUrls.length]!;
    this.turn += 1;
    return base;
  }

  request(method: string, path: string, body?: unknown): Promise<Answer> {
    const url = new URL(path, this.nextBase());
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const cookies = [this.cookie, this.nonceCookie].filter((c) => c !== null);
    if (cookies.length > 0) headers.cookie = cookies.join('; ');
    if (this.csrfToken && method !== 'GET') headers['x-csrf-token'] = this.csrfToken;
    return new Promise((resolve, reject) => {
      const request = http.request(
        url,
        { method, headers, agent: this.agent, localAddress: this.localAddress },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () => {
            const cookie = response.headers['set-cookie']?.find((c) =>
              c.startsWith('kezek_session='),
            );
            if (cookie) this.cookie = cookie.split(';')[0]!;
            const binding = response.headers['set-cookie']?.find((c) =>
              c.startsWith('kezek_nonce='),
            );
            if (binding) this.nonceCookie = binding.split(';')[0]!;
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : null;
            } catch {
              // not JSON: kept as text
            }
            resolve({ status: response.statusCode ?? 0, body: parsed });
          });
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  }

  get(path: string) {
    return this.request('GET', path);
  }

  post(path: string, body?: unknown) {
    return this.request('POST', path, body);
  }

  async refreshCsrf(): Promise<void> {
    const me = await this.get('/api/me');
    this.csrfToken = (me.body as { csrfToken: string }).csrfToken;
  }

  close(): void {
    this.agent.destroy();
  }
}
