/**
 * Signing with eGov Mobile by QR code or deep link (docs/mobile-signing.md). Two sides:
 *
 * - the browser's: it asks kezek for a signing request over the exact bytes it would sign with
 *   NCALayer or a key file, shows the QR code (`mobileSign:<URL 1>`) or the app's deep link, and
 *   polls until the app has sent the CMS back; it then posts that CMS to the signed endpoint like
 *   any other, through the same gate;
 * - the app's: the eGov Mobile QR-signing protocol, API №1 (what is signed and where the document
 *   is) and API №2 (the document; PUT with the signed document).
 */
import { z } from 'zod';

export const mobileSignKeyTypeSchema = z.enum(['auth', 'sign']);

/** The browser's request: the exact text it would sign (a nonce, or a signed action's JSON). */
export const mobileSignCreateSchema = z
  .object({
    keyType: mobileSignKeyTypeSchema,
    content: z.string().min(1).max(16_384),
  })
  .meta({ id: 'MobileSignCreate' });

export const mobileSignRequestSchema = z
  .object({
    id: z.uuid(),
    /** The QR code's text: `mobileSign:` and URL 1. */
    qr: z.string(),
    /** Opens eGov Mobile on this phone with URL 1 (the specification's dynamic link). */
    deepLink: z.url(),
    /** The same for eGov Business (employees of organisations). */
    businessDeepLink: z.url(),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: 'MobileSignRequest' });

export const MOBILE_SIGN_STATES = ['waiting', 'signed', 'refused', 'expired'] as const;

export const mobileSignStatusSchema = z
  .object({
    state: z.enum(MOBILE_SIGN_STATES),
    expiresAt: z.iso.datetime(),
    /** The CMS the app sent (base64 DER), once: `signed`. */
    cms: z.string().optional(),
    /** Why the app's answer was refused (a problem code of docs/api.md): `refused`. */
    code: z.string().optional(),
  })
  .meta({ id: 'MobileSignStatus' });

/** API №1: what is being signed, by whom it is asked, and where the document is. */
export const egovSigningInfoSchema = z
  .object({
    description: z.string(),
    expiry_date: z.iso.datetime(),
    organisation: z.object({
      nameRu: z.string(),
      nameKz: z.string(),
      nameEn: z.string(),
      bin: z.string(),
    }),
    document: z.object({
      uri: z.url(),
      auth_type: z.literal('Token'),
      auth_token: z.string(),
    }),
  })
  .meta({ id: 'EgovSigningInfo' });

const egovDocumentSchema = z.object({
  id: z.string().min(1).max(100),
  nameRu: z.string(),
  nameKz: z.string(),
  nameEn: z.string(),
  meta: z.array(z.object({ name: z.string(), value: z.string() })).max(20),
  document: z.object({
    file: z.object({
      mime: z.string().max(100),
      /** The bytes to sign (API №2's answer), or the CMS over them (the app's PUT), base64. */
      data: z.string().max(400_000),
    }),
  }),
});

/** API №2: the documents (GET), and the same structure signed (PUT). */
export const egovDocumentsSchema = z
  .object({
    signMethod: z.literal('CMS_WITH_DATA'),
    version: z.number().int().optional(),
    documentsToSign: z.array(egovDocumentSchema).min(1).max(10),
  })
  .meta({ id: 'EgovDocuments' });

export const egovAcceptedSchema = z.object({ status: z.literal('accepted') });
