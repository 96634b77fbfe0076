import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/errors.ts';
import { SignError, signProblemMessage } from './errors.ts';
import { connectNcaLayer, NCALAYER_URL, signWithNcaLayer } from './ncalayer.ts';

type Behaviour = 'refuse' | 'silent' | 'ncalayer';
type SignAnswer = Record<string, unknown>;

/** A stand-in for the browser's WebSocket, behaving like NCALayer (or like nobody listening). */
class FakeSocket {
  static behaviour: Behaviour = 'ncalayer';
  static answer: SignAnswer = {};
  static instances: FakeSocket[] = [];

  onmessage: ((event: { data: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  readonly requests: Record<string, unknown>[] = [];
  closed = false;
  readonly url: string;

  constructor(url: string) {
    this.url = url;
    FakeSocket.instances.push(this);
    setTimeout(() => {
      if (FakeSocket.behaviour === 'refuse') this.onerror?.({});
      if (FakeSocket.behaviour === 'ncalayer') this.reply({ result: { version: '1.4.0' } });
    }, 0);
  }

  reply(message: unknown) {
    setTimeout(() => this.onmessage?.({ data: JSON.stringify(message) }), 0);
  }

  send(data: string) {
    const request = JSON.parse(data) as Record<string, unknown>;
    this.requests.push(request);
    if (request.module === 'kz.digiflow.mobile.extensions') {
      this.reply({ code: '500', message: 'Module not found' });
    } else {
      this.reply(FakeSocket.answer);
    }
  }

  close() {
    this.closed = true;
  }
}

beforeEach(() => {
  FakeSocket.instances = [];
  FakeSocket.behaviour = 'ncalayer';
  vi.stubGlobal('WebSocket', FakeSocket);
  // ncalayer-js-client looks for KAZTOKEN's HTTP API on connect: nobody there.
  vi.stubGlobal('fetch', () => Promise.reject(new TypeError('connection refused')));
});

afterEach(() => {
  vi.unstubAllGlobals();
});

const CMS = 'MIIGAQYJKoZIhvcNAQcCoIIF8jCCBe4CAQExDzANBglghkgBZQMEAgEFADA';

describe('connectNcaLayer', () => {
  it('gives null at once when nothing listens on the port', async () => {
    FakeSocket.behaviour = 'refuse';
    const started = Date.now();
    expect(await connectNcaLayer(5000)).toBeNull();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(FakeSocket.instances[0]!.url).toBe(NCALAYER_URL);
  });

  it('gives null after the timeout when the port never answers, and closes the socket', async () => {
    FakeSocket.behaviour = 'silent';
    expect(await connectNcaLayer(50)).toBeNull();
    expect(FakeSocket.instances[0]!.closed).toBe(true);
  });

  it('connects to a running NCALayer', async () => {
    expect(await connectNcaLayer(1000)).not.toBeNull();
  });
});

describe('signWithNcaLayer', () => {
  async function signed(answer: SignAnswer, keyType: 'auth' | 'sign' = 'auth') {
    FakeSocket.answer = answer;
    const client = await connectNcaLayer(1000);
    if (!client) throw new Error('not connected');
    try {
      return await signWithNcaLayer(client, 'bm9uY2U=', keyType, 'kk');
    } finally {
      expect(FakeSocket.instances.at(-1)!.closed).toBe(true);
    }
  }

  it('asks basics.sign for a CMS with attached content and an AUTH key', async () => {
    expect(await signed({ status: true, body: { result: [CMS] } })).toBe(CMS);
    const request = FakeSocket.instances[0]!.requests.at(-1);
    expect(request).toEqual({
      module: 'kz.gov.pki.knca.basics',
      method: 'sign',
      args: {
        allowedStorages: null,
        format: 'cms',
        data: 'bm9uY2U=',
        signingParams: { decode: true, encapsulate: true, digested: false, tsaProfile: {} },
        signerParams: { extKeyUsageOids: ['1.3.6.1.5.5.7.3.2'] },
        locale: 'kk',
      },
    });
  });

  it('asks for a SIGN key to sign actions', async () => {
    await signed({ status: true, body: { result: CMS } }, 'sign');
    const request = FakeSocket.instances[0]!.requests.at(-1) as { args: { signerParams: unknown } };
    expect(request.args.signerParams).toEqual({ extKeyUsageOids: ['1.3.6.1.5.5.7.3.4'] });
  });

  it('takes a PEM-armoured answer as well', async () => {
    const pem = `-----BEGIN CMS-----\n${CMS.slice(0, 30)}\n${CMS.slice(30)}\n-----END CMS-----\n`;
    expect(await signed({ status: true, body: { result: pem } })).toBe(CMS);
  });

  it('a closed prompt is ncalayer_cancelled', async () => {
    const error = await signed({ status: true, body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignError);
    expect((error as SignError).code).toBe('ncalayer_cancelled');
  });

  it('an error of NCALayer is ncalayer_failed, with its words', async () => {
    const error = await signed({
      status: false,
      code: 'INVOCATION_ERROR',
      message: 'An invoked method threw an exception',
      details: 'token removed',
    }).catch((e: unknown) => e);
    expect((error as SignError).code).toBe('ncalayer_failed');
    expect((error as SignError).detail).toContain('token removed');
    expect(signProblemMessage(error)).toEqual({
      key: 'eds.errors.ncalayer_failed',
      values: { detail: (error as SignError).detail },
    });
  });

  it('an answer that is not a CMS is ncalayer_failed', async () => {
    const error = await signed({ status: true, body: { result: 'not a signature!' } }).catch(
      (e: unknown) => e,
    );
    expect((error as SignError).code).toBe('ncalayer_failed');
  });
});

describe('signProblemMessage', () => {
  it('names the signer’s failures and the server’s signature problems', () => {
    expect(signProblemMessage(new SignError('ncalayer_cancelled'))).toEqual({
      key: 'eds.errors.ncalayer_cancelled',
    });
    for (const code of ['untrusted_chain', 'cert_revoked', 'nonce_reused', 'iin_mismatch']) {
      expect(signProblemMessage(new ApiError({ status: 401, code }))).toEqual({
        key: `errors.${code}`,
      });
    }
    expect(signProblemMessage(new Error('?'))).toEqual({ key: 'errors.generic' });
  });
});
