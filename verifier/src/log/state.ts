import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { signedTreeHeadSchema } from '@kezek/contracts';
import { CouldNotCheck } from './client.ts';

/**
 * What a verifier remembers of a log between runs: the key it saw and every head it checked, so
 * that a later head that does not extend one of them is caught as a fork (docs/verifier.md).
 */
const savedStateSchema = z.object({
  logId: z.string(),
  keyFingerprint: z.string(),
  heads: z.array(signedTreeHeadSchema),
});
export type SavedState = z.infer<typeof savedStateSchema>;

/** `./.kezek-verify/<logId>.json`, the log id made safe as a file name. */
export function defaultStatePath(logId: string): string {
  return path.join('.kezek-verify', `${logId.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
}

/** The saved state, or null when there is none yet. */
export async function readState(file: string): Promise<SavedState | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CouldNotCheck(`The state file ${file} cannot be read.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = savedStateSchema.safeParse(json);
  if (!parsed.success) throw new CouldNotCheck(`The state file ${file} is not a verifier's.`);
  return parsed.data;
}

/** Writes the state whole (a temporary file renamed), so a crash never leaves half of it. */
export async function writeState(file: string, state: SavedState): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`);
  await rename(temporary, file);
}
