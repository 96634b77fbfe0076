import type { z } from 'zod';
import {
  consistencyProofSchema,
  inclusionProofSchema,
  LOG_ENTRIES_PAGE,
  logEntriesSchema,
  logKeySchema,
  signedTreeHeadSchema,
} from '@kezek/contracts';

/** The log could not be read (the network, the server's answer): exit code 2, not a violation. */
export class CouldNotCheck extends Error {}

export type LogClient = ReturnType<typeof logClient>;

/**
 * The public endpoints of a kezek server's transparency log (contracts/src/transparency.ts), each
 * answer parsed with its contract: an answer the contract does not allow is not checked further.
 */
export function logClient(baseUrl: string) {
  const root = baseUrl.replace(/\/+$/, '');
  const get = async <T extends z.ZodType>(path: string, schema: T): Promise<z.infer<T>> => {
    let response: Response;
    try {
      response = await fetch(`${root}/api/public/log/${path}`, {
        headers: { accept: 'application/json' },
      });
    } catch (error) {
      throw new CouldNotCheck(`GET ${path}: ${(error as Error).message}`);
    }
    if (!response.ok) throw new CouldNotCheck(`GET ${path}: HTTP ${response.status}`);
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new CouldNotCheck(`GET ${path}: not the contract's shape`);
    return parsed.data;
  };
  return {
    key: () => get('key', logKeySchema),
    head: () => get('head', signedTreeHeadSchema),
    inclusion: (leafIndex: number, treeSize: number) =>
      get(`proof/inclusion?leafIndex=${leafIndex}&treeSize=${treeSize}`, inclusionProofSchema),
    consistency: (first: number, second: number) =>
      get(`proof/consistency?first=${first}&second=${second}`, consistencyProofSchema),
    /**
     * Every entry of a tree of `treeSize`, page by page; a server may answer a page with fewer
     * entries than asked (as CT logs do), and the next page starts after the last it gave.
     */
    async entries(treeSize: number): Promise<{ leafIndex: number; data: string }[]> {
      const all: { leafIndex: number; data: string }[] = [];
      while (all.length < treeSize) {
        const start = all.length;
        const end = Math.min(treeSize, start + LOG_ENTRIES_PAGE.max) - 1;
        const page = await get(`entries?start=${start}&end=${end}`, logEntriesSchema);
        if (page.entries.length === 0)
          throw new CouldNotCheck(`GET entries: none from ${start} in a tree of ${treeSize}`);
        all.push(...page.entries.slice(0, end - start + 1));
      }
      return all;
    },
  };
}
