/**
 * The transparency log (issue 18, docs/transparency.md): every public queue event is a leaf of a
 * Merkle tree in the shape of Certificate Transparency (RFC 9162). The server's public/log/ serves
 * it; the verifier (verifier/) reads it with no database access. These schemas are the one source
 * of both sides' shapes.
 *
 * A leaf's bytes are the UTF-8 of the event's canonical JSON (RFC 8785, the `canonicalize`
 * package); its hash is SHA-256(0x00 || bytes) and an inner node's SHA-256(0x01 || left || right)
 * (RFC 9162 2.1.1, domain/src/merkle.ts). Events carry pseudonyms, never a name, an IIN, an
 * address, a benefit category (only the class), a document or a free-text reason.
 */
import { z } from 'zod';
import {
  ALLOCATION_MODES,
  MONTH_PATTERN,
  QUEUE_CLASSES,
  SIBLING_PRIORITY_MODES,
} from '@kezek/domain';
import { languageSchema } from './common.ts';

/** The version of the leaf format; a verifier refuses a leaf of a version it does not know. */
export const LOG_LEAF_VERSION = 1;

const pseudonym = z.string().regex(/^[a-z2-7]{10}$/);
const hex32 = z.string().regex(/^[0-9a-f]{64}$/);
/** An instant as the server stored it, ISO 8601 in UTC with milliseconds. */
const instant = z.iso.datetime();
const id = z.number().int().positive();
const groupYear = z.number().int().min(2000).max(2100);
const queueClass = z.enum(QUEUE_CLASSES);

const base = { v: z.literal(LOG_LEAF_VERSION), at: instant };
const ofApplication = { ...base, pseudonym };

/**
 * The public part of the region's policy in force from `at`: what the replay of turns needs. The
 * first leaf of a region's log is one of these, and a new one follows every change.
 */
const policySet = z.object({
  ...base,
  type: z.literal('policy_set'),
  regionId: id,
  firstPriorityRatio: z.tuple([z.number().int().positive(), z.number().int().positive()]),
  allocation: z.enum(ALLOCATION_MODES),
  siblingPriority: z.enum(SIBLING_PRIORITY_MODES),
  /**
   * The age limit: a child who has reached it gets no turn (docs/rules.md, "Turns and places
   * released"). Optional for logs written before it was added; a verifier then takes the default.
   */
  ageLimitYears: z.number().int().positive().optional(),
});

/**
 * A child enters the queue of a district and group year. `registeredAt` is the queue key's
 * instant (the registration's, or the original one of an imported application); registrations
 * with equal instants stand in the order of their leaves (the server appends them in application
 * number order). `imported` marks an application moved in from a legacy system (issue 20).
 */
const registered = z.object({
  ...ofApplication,
  type: z.literal('registered'),
  regionId: id,
  districtId: id,
  groupYear,
  queueClass,
  registeredAt: instant,
  imported: z.boolean(),
  /**
   * The month from which a place is wanted (`YYYY-MM`; docs/rules.md, "The month a place is
   * wanted from"): no turn before its first day. Absent or null: as soon as possible.
   */
  wantedFrom: z.string().regex(MONTH_PATTERN).nullable().optional(),
});

/** The child's queue class changed (a benefit confirmed, rejected, ended or changed). */
const classChanged = z.object({
  ...ofApplication,
  type: z.literal('class_changed'),
  queueClass,
});

/**
 * The kindergartens the child accepts, in the parent's order, under `allocation: ranked`: the
 * named ones, then those within the "any within N km" radius (their ids, never the home).
 */
const preferencesSet = z.object({
  ...ofApplication,
  type: z.literal('preferences_set'),
  kindergartenIds: z.array(id),
});

/** Places added by a kindergarten (a release), or given back (`returned`, one place). */
const placesAdded = z.object({
  ...base,
  type: z.literal('places_added'),
  batchId: id,
  districtId: id,
  kindergartenId: id,
  groupYear,
  language: languageSchema,
  count: z.number().int().positive(),
  returned: z.boolean(),
  /** A private kindergarten's places are taken by direction, not offered in turn. */
  private: z.boolean(),
});

/**
 * A turn given on a batch. `bySibling`: the policy `siblingPriority: within_class` put the child
 * ahead of its class (the sibling itself is private, so the verifier takes the flag as given and
 * says so in its report).
 */
const turnGiven = z.object({
  ...ofApplication,
  type: z.literal('turn_given'),
  batchId: id,
  until: instant,
  bySibling: z.boolean(),
});

/** A turn that ended without a direction: declined by the parent, or its window lapsed. */
const turnEnded = z.object({
  ...ofApplication,
  type: z.enum(['turn_declined', 'turn_lapsed']),
  batchId: id,
});

export const DIRECTION_MODES = ['turn', 'free_choice', 'private'] as const;
export type DirectionMode = (typeof DIRECTION_MODES)[number];

/** A direction issued: in turn on the batch of the child's turn, by free choice, or private. */
const directionIssued = z.object({
  ...ofApplication,
  type: z.literal('direction_issued'),
  kindergartenId: id,
  batchId: id.nullable(),
  mode: z.enum(DIRECTION_MODES),
});

/**
 * An enrolled child moved to a kindergarten it ranked, on a place of `batchId` that a release gave
 * before any turn (docs/rules.md, "Transfers"): the place is not offered in turn. The place it left
 * follows as a `places_added` of one place at its old kindergarten.
 */
const transferred = z.object({
  ...ofApplication,
  type: z.literal('transferred'),
  batchId: id,
  kindergartenId: id,
});

/**
 * A direction ended without enrolment: revoked or expired, the child goes back to the queue with
 * its number (expired: by the stop-list or removed, leaves of their own); a kindergarten's refusal
 * confirmed does not restore the place in the queue (docs/rules.md).
 */
const directionEnded = z.object({
  ...ofApplication,
  type: z.enum(['direction_revoked', 'direction_expired', 'direction_refused']),
});

/** The child left the queue or came back to it without a direction. */
const statusEvent = z.object({
  ...ofApplication,
  type: z.enum(['stop_listed', 'stop_list_ended', 'enrolled', 'departed', 'withdrawn', 'removed']),
});

export const logEventSchema = z
  .discriminatedUnion('type', [
    policySet,
    registered,
    classChanged,
    preferencesSet,
    placesAdded,
    turnGiven,
    turnEnded,
    directionIssued,
    transferred,
    directionEnded,
    statusEvent,
  ])
  .meta({ id: 'LogEvent' });
export type LogEvent = z.infer<typeof logEventSchema>;
export type LogEventType = LogEvent['type'];

/** What a tree head signs: the canonical JSON (RFC 8785) of this object, UTF-8. */
export const treeHeadBodySchema = z.object({
  v: z.literal(LOG_LEAF_VERSION),
  /** The log's name: the operator's KEZEK_LOG_ID, e.g. the city's host name. */
  logId: z.string().min(1),
  treeSize: z.number().int().min(0),
  timestamp: instant,
  /** RFC 9162 2.1.1 root of the first treeSize leaves (of no leaves: SHA-256 of nothing). */
  rootHash: hex32,
});
export type TreeHeadBody = z.infer<typeof treeHeadBodySchema>;

export const LOG_SIGNATURE_ALGORITHMS = ['ed25519', 'eds-cms'] as const;

/** GET /api/public/log/head: the newest signed tree head. */
export const signedTreeHeadSchema = treeHeadBodySchema
  .extend({
    algorithm: z.enum(LOG_SIGNATURE_ALGORITHMS),
    /** Ed25519: the raw signature; eds-cms: a detached CMS (DER), both base64. */
    signature: z.string(),
  })
  .meta({ id: 'SignedTreeHead' });
export type SignedTreeHead = z.infer<typeof signedTreeHeadSchema>;

/** GET /api/public/log/key: what a tree head's signature is checked with. */
export const logKeySchema = z
  .object({
    logId: z.string(),
    algorithm: z.enum(LOG_SIGNATURE_ALGORITHMS),
    /** Ed25519: the SPKI public key; eds-cms: the signer's certificate; PEM. */
    publicKeyPem: z.string(),
    /** SHA-256 of the DER of the key (or certificate): what the docs publish to pin it. */
    fingerprintSha256: hex32,
  })
  .meta({ id: 'LogKey' });
export type LogKey = z.infer<typeof logKeySchema>;

/** The most entries one request returns. */
export const LOG_ENTRIES_PAGE = { max: 1000 } as const;

/** GET /api/public/log/entries?start=&end= : leaves start..end inclusive (at most the page). */
export const logEntriesQuerySchema = z.object({
  start: z.coerce.number().int().min(0),
  end: z.coerce.number().int().min(0),
});
export const logEntrySchema = z.object({
  leafIndex: z.number().int().min(0),
  /** The leaf's exact bytes as text: the canonical JSON of a LogEvent. */
  data: z.string(),
});
export const logEntriesSchema = z
  .object({ entries: z.array(logEntrySchema) })
  .meta({ id: 'LogEntries' });
export type LogEntries = z.infer<typeof logEntriesSchema>;

/** GET /api/public/log/proof/inclusion?leafIndex=&treeSize= (RFC 9162 2.1.3). */
export const inclusionProofQuerySchema = z.object({
  leafIndex: z.coerce.number().int().min(0),
  treeSize: z.coerce.number().int().min(1),
});
export const inclusionProofSchema = z
  .object({
    leafIndex: z.number().int(),
    treeSize: z.number().int(),
    inclusionPath: z.array(hex32),
  })
  .meta({ id: 'InclusionProof' });
export type InclusionProof = z.infer<typeof inclusionProofSchema>;

/** GET /api/public/log/proof/consistency?first=&second= (RFC 9162 2.1.4). */
export const consistencyProofQuerySchema = z.object({
  first: z.coerce.number().int().min(1),
  second: z.coerce.number().int().min(1),
});
export const consistencyProofSchema = z
  .object({
    first: z.number().int(),
    second: z.number().int(),
    consistencyPath: z.array(hex32),
  })
  .meta({ id: 'ConsistencyProof' });
export type ConsistencyProof = z.infer<typeof consistencyProofSchema>;
