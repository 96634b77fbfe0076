import canonicalize from 'canonicalize';
import { LOG_LEAF_VERSION, logEventSchema } from '@kezek/contracts';
import type { Leaf, Violation } from '../replay/model.ts';

/** An entry as served: its index and its exact bytes as text. */
export interface Entry {
  leafIndex: number;
  data: string;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The events of the entries (contracts/src/transparency.ts): each must be the canonical JSON
 * (RFC 8785) of a LogEvent of a version this verifier knows, at the index it was asked for. A
 * leaf that is not is a violation, and the replay goes on without it.
 */
export function parseLeaves(entries: readonly Entry[]): {
  leaves: Leaf[];
  violations: Violation[];
} {
  const leaves: Leaf[] = [];
  const violations: Violation[] = [];
  entries.forEach((entry, expected) => {
    const json = parseJson(entry.data) as { v?: unknown; type?: unknown; pseudonym?: unknown };
    const bad = (message: string) =>
      violations.push({
        leafIndex: expected,
        type: typeof json?.type === 'string' ? (json.type as Leaf['event']['type']) : null,
        pseudonym: typeof json?.pseudonym === 'string' ? json.pseudonym : null,
        message,
      });
    if (entry.leafIndex !== expected)
      return bad(`The server gave leaf ${entry.leafIndex} where leaf ${expected} was asked for.`);
    if (json === undefined) return bad('The leaf is not JSON.');
    if (json?.v !== LOG_LEAF_VERSION)
      return bad(`The leaf's version ${String(json?.v)} is unknown.`);
    const parsed = logEventSchema.safeParse(json);
    if (!parsed.success) return bad('The leaf is not a log event of the contract.');
    if (canonicalize(json) !== entry.data) return bad('The leaf is not canonical JSON (RFC 8785).');
    leaves.push({ leafIndex: expected, event: parsed.data });
  });
  return { leaves, violations };
}
