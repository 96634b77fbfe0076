import { auditLog, type AuditOptions } from './log/audit.ts';
import { logClient } from './log/client.ts';
import { keyFingerprint } from './log/crypto.ts';
import { defaultStatePath, readState, writeState } from './log/state.ts';
import type { Violation } from './replay/model.ts';
import { replay, type ReplayReport } from './replay/replay.ts';

export interface VerifyOptions extends AuditOptions {
  url: string;
  /** The state file; default `./.kezek-verify/<logId>.json`. */
  statePath?: string;
}

export interface VerifyResult {
  ok: boolean;
  logId: string;
  treeSize: number;
  headTime: string;
  headsChecked: number;
  proofsChecked: number;
  replay: Omit<ReplayReport, 'violations'>;
  violations: Violation[];
  statePath: string;
}

/**
 * One run of the verifier (docs/verifier.md): the log's own checks, then the replay of its
 * events; the head joins the state file only when nothing was wrong, so a fork seen once is seen
 * again on every later run.
 */
export async function verifyLog(options: VerifyOptions): Promise<VerifyResult> {
  let statePath = options.statePath ?? '';
  const audit = await auditLog(logClient(options.url), options, (logId) => {
    statePath ||= defaultStatePath(logId);
    return readState(statePath);
  });
  const { violations: replayed, ...counts } = replay(audit.leaves);
  const violations = [...audit.violations, ...replayed];
  const ok = violations.length === 0;
  if (ok) {
    const heads = audit.saved?.heads ?? [];
    const known = heads.some(
      (head) => head.treeSize === audit.head.treeSize && head.rootHash === audit.head.rootHash,
    );
    await writeState(statePath, {
      logId: audit.key.logId,
      keyFingerprint: keyFingerprint(audit.key),
      heads: known ? heads : [...heads, audit.head],
    });
  }
  return {
    ok,
    logId: audit.key.logId,
    treeSize: audit.head.treeSize,
    headTime: audit.head.timestamp,
    headsChecked: audit.headsChecked,
    proofsChecked: audit.proofsChecked,
    replay: counts,
    violations,
    statePath,
  };
}
