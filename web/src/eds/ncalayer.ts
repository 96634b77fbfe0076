import type { KeyType } from '@kezek/eds';
import type { NCALayerClient as Client } from 'ncalayer-js-client';
import { SignError } from './errors.ts';

/** Where NCALayer (the national CA's signing service on the user's computer) listens. */
export const NCALAYER_URL = 'wss://127.0.0.1:13579';
/** NCALayer answers in milliseconds when it runs; nobody should wait long when it does not. */
export const NCALAYER_CONNECT_TIMEOUT_MS = 2500;

type ClientClass = typeof Client;

async function clientClass(): Promise<ClientClass> {
  // A CommonJS module: its export sits on the namespace or on its default, by bundler.
  const module = (await import('ncalayer-js-client')) as unknown as {
    NCALayerClient?: ClientClass;
    default?: { NCALayerClient?: ClientClass };
  };
  const found = module.NCALayerClient ?? module.default?.NCALayerClient;
  if (!found) throw new Error('ncalayer-js-client has no NCALayerClient');
  return found;
}

function closeQuietly(client: Client): void {
  try {
    client.wsConnection?.close();
  } catch {
    // Already closed.
  }
}

/**
 * Connects to NCALayer, or gives null when it does not answer within the timeout (not installed,
 * not running, or the browser refused the connection).
 */
export async function connectNcaLayer(
  timeoutMs = NCALAYER_CONNECT_TIMEOUT_MS,
): Promise<Client | null> {
  const NCALayerClient = await clientClass();
  // KAZTOKEN's HTTP API is not used: kezek signs one small document at a time.
  const client = new NCALayerClient(NCALAYER_URL, false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  try {
    const connected = await Promise.race([client.connect().then(() => client), timeout]);
    if (!connected) closeQuietly(client);
    return connected;
  } catch {
    closeQuietly(client);
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/** Whether NCALayer answers on this computer now (the connection is closed again). */
export async function ncaLayerAnswers(): Promise<boolean> {
  const client = await connectNcaLayer();
  if (client) closeQuietly(client);
  return client !== null;
}

/** The signer filter of NCALayer's basics module: it offers only keys of the wanted type. */
export function signerParams(client: ClientClass, keyType: KeyType) {
  return keyType === 'auth' ? client.basicsSignerAuthAny : client.basicsSignerSignAny;
}

function isCancel(error: unknown): boolean {
  return (
    !!error &&
    typeof error === 'object' &&
    ((error as { canceledByUser?: unknown }).canceledByUser === true ||
      /action\.canceled|cancell?ed by user/i.test(String((error as Error).message)))
  );
}

/**
 * Signs `contentBase64` in NCALayer (`kz.gov.pki.knca.basics` `sign`: CMS with attached content,
 * any storage, a key of `keyType`) and returns the CMS as base64 DER. Closes the connection.
 */
export async function signWithNcaLayer(
  client: Client,
  contentBase64: string,
  keyType: KeyType,
  locale: string,
): Promise<string> {
  const NCALayerClient = client.constructor as ClientClass;
  try {
    const result = await client.basicsSignCMS(
      NCALayerClient.basicsStorageAll,
      contentBase64,
      NCALayerClient.basicsCMSParamsAttached,
      signerParams(NCALayerClient, keyType),
      locale,
    );
    // NCALayer answers base64, some versions PEM-armoured ("-----BEGIN CMS-----").
    const cms = String(result)
      .replace(/-----(BEGIN|END) [A-Z0-9 #]+-----/g, '')
      .replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(cms) || cms.length < 16) {
      throw new SignError('ncalayer_failed', 'NCALayer did not return a CMS');
    }
    return cms;
  } catch (error) {
    if (error instanceof SignError) throw error;
    if (isCancel(error)) throw new SignError('ncalayer_cancelled', undefined, { cause: error });
    const message = error instanceof Error ? error.message : String(error);
    throw new SignError('ncalayer_failed', message, { cause: error });
  } finally {
    closeQuietly(client);
  }
}
