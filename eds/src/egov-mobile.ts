/**
 * A stand-in for the eGov Mobile app, following the QR-signing specification step by step
 * (docs/mobile-signing.md): the real app cannot run in tests or on a newcomer's computer. It
 * reads the QR code's text (`mobileSign:<URL 1>`) or the app's dynamic link, reads API №1 (what
 * is signed and where the document is), reads API №2 with the token it was given (the documents,
 * `CMS_WITH_DATA`), signs each document's bytes with the chosen key as a CMS with the data
 * attached, and sends the same structure back to API №2 with PUT. Runs in node and the browser.
 */
import { fromBase64, toBase64 } from './bytes.ts';
import { signCms } from './cms.ts';
import type { CmsSigner } from './p12.ts';

export interface EgovSigningInfo {
  description: string;
  expiry_date: string;
  organisation: { nameRu: string; nameKz: string; nameEn: string; bin: string };
  document: { uri: string; auth_type: string; auth_token?: string };
}

export interface EgovDocument {
  id: string;
  nameRu: string;
  nameKz: string;
  nameEn: string;
  meta: { name: string; value: string }[];
  document: { file: { mime: string; data: string } };
}

export interface EgovDocuments {
  signMethod: string;
  version?: number;
  documentsToSign: EgovDocument[];
}

export interface EgovMobileOptions {
  /** How requests are made (a test may route them into an app without a socket). */
  fetch?: typeof fetch;
  /** The app's language, sent as Accept-Language. */
  language?: 'kk' | 'ru' | 'en';
}

/** A step of the protocol that went wrong: which one, and what the server answered. */
export class EgovMobileError extends Error {
  readonly status: number | undefined;
  readonly body: unknown;

  constructor(message: string, status?: number, body?: unknown) {
    super(message);
    this.name = 'EgovMobileError';
    this.status = status;
    this.body = body;
  }
}

const DYNAMIC_LINK_HOSTS = new Set(['mgovsign.page.link', 'egovbusiness.page.link']);

/** URL 1 from the QR code's text or from the app's dynamic link. */
export function signingUrlOf(scanned: string): string {
  const text = scanned.trim();
  if (text.startsWith('mobileSign:')) return new URL(text.slice('mobileSign:'.length)).href;
  const link = new URL(text);
  const inner = link.searchParams.get('link');
  if (DYNAMIC_LINK_HOSTS.has(link.host) && inner) return new URL(inner).href;
  throw new EgovMobileError('Not an eGov Mobile signing code or link');
}

async function call<T>(
  options: EgovMobileOptions,
  url: string,
  init: { method?: string; token?: string; body?: unknown } = {},
): Promise<T> {
  const headers: Record<string, string> = { 'accept-language': options.language ?? 'kk' };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await (options.fetch ?? fetch)(url, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: kept as text for the error.
  }
  if (!response.ok) {
    const detail = (body as { title?: string } | null)?.title ?? text;
    throw new EgovMobileError(
      `${init.method ?? 'GET'} ${url}: ${response.status} ${detail}`,
      response.status,
      body,
    );
  }
  return body as T;
}

/** What the app shows before the person signs: API №1 and API №2 as read. */
export interface EgovSigningRequest {
  info: EgovSigningInfo;
  documents: EgovDocuments;
  /** Each document's bytes, decoded. */
  contents: Uint8Array[];
}

/** Steps 1–2: reads API №1 and, with its token, API №2. */
export async function readSigningRequest(
  scanned: string,
  options: EgovMobileOptions = {},
): Promise<EgovSigningRequest> {
  const info = await call<EgovSigningInfo>(options, signingUrlOf(scanned));
  if (!info.document?.uri || !info.organisation || !info.description)
    throw new EgovMobileError('API №1 answered without description, organisation or document');
  const token = info.document.auth_type === 'Token' ? info.document.auth_token : undefined;
  const documents = await call<EgovDocuments>(options, info.document.uri, { token });
  if (documents.signMethod !== 'CMS_WITH_DATA')
    throw new EgovMobileError(`Sign method ${documents.signMethod} is not supported here`);
  const contents = documents.documentsToSign.map((each) => fromBase64(each.document.file.data));
  return { info, documents, contents };
}

/** Steps 3–4: signs every document with `key` and sends them back (PUT to API №2). */
export async function sendSignatures(
  request: EgovSigningRequest,
  key: CmsSigner,
  options: EgovMobileOptions = {},
): Promise<unknown> {
  const signed: EgovDocuments = {
    ...request.documents,
    documentsToSign: request.documents.documentsToSign.map((each, index) => ({
      ...each,
      document: {
        file: {
          ...each.document.file,
          data: toBase64(signCms(request.contents[index]!, key, { includeChain: true })),
        },
      },
    })),
  };
  const token =
    request.info.document.auth_type === 'Token' ? request.info.document.auth_token : undefined;
  return call(options, request.info.document.uri, { method: 'PUT', token, body: signed });
}

/** The whole flow of the app: scan, read, sign, send. */
export async function signWithEgovMobile(
  scanned: string,
  key: CmsSigner,
  options: EgovMobileOptions = {},
): Promise<EgovSigningRequest> {
  const request = await readSigningRequest(scanned, options);
  await sendSignatures(request, key, options);
  return request;
}
