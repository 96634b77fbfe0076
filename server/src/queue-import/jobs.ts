import { performance } from 'node:perf_hooks';
import type { QueueImport, QueueImportRowProblem } from '@kezek/contracts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connection.ts';
import { conflict } from '../problem.ts';
import type { Pseudonyms } from '../pseudonym.ts';
import { approximateRows } from './file.ts';
import { progressOf } from './progress.ts';
import {
  checkpointOf,
  importNotClean,
  rejectedCsv,
  runImport,
  validateImport,
  type ImportContext,
} from './session.ts';
import type { Validation } from './validate.ts';

/** The refused rows an import's view lists; the file of rejected rows has them all. */
const LISTED_PROBLEMS = 200;

interface Job {
  content: Buffer;
  validation: Validation | null;
  phase: 'validating' | 'importing' | null;
  done: number;
  total: number;
  began: { at: number; done: number };
  running: Promise<void> | null;
}

const busy = () => conflict('import_busy', 'This file is being validated or imported');

/**
 * The upload screen's imports, run in the background of this server: an upload is validated at
 * once, and imported when the administrator confirms. The file stays in memory until then; after
 * a restart the same file uploaded again resumes from its checkpoint (session.ts).
 */
export class QueueImportJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly base: { db: Db; clock: Clock; pseudonyms: Pseudonyms };
  private readonly onError: (error: unknown) => void;

  constructor(
    base: { db: Db; clock: Clock; pseudonyms: Pseudonyms },
    onError: (error: unknown) => void,
  ) {
    this.base = base;
    this.onError = onError;
  }

  /** Keeps the file and starts its validation; the import's id. */
  async upload(actor: string, fileName: string, content: Buffer): Promise<string> {
    const context: ImportContext = { ...this.base, actor };
    const importId = await checkpointOf(context, fileName, content);
    if (this.jobs.get(importId)?.running) throw busy();
    const job: Job = {
      content,
      validation: null,
      phase: 'validating',
      done: 0,
      total: approximateRows(content),
      began: { at: performance.now(), done: 0 },
      running: null,
    };
    this.jobs.set(importId, job);
    this.run(job, async (progress) => {
      job.validation = await validateImport(context, importId, content, progress);
    });
    return importId;
  }

  /** Starts the import of an uploaded, validated file. */
  async start(actor: string, importId: string, onlyClean: boolean): Promise<void> {
    const job = this.jobs.get(importId);
    if (job?.running) throw busy();
    if (!job?.validation)
      throw conflict('import_file_gone', 'Upload the file again: this server no longer holds it');
    const validation = job.validation;
    if (validation.problems.size > 0 && !onlyClean) throw importNotClean();
    const { done_rows: from } = await this.base.db
      .selectFrom('queue_imports')
      .select('done_rows')
      .where('id', '=', importId)
      .executeTakeFirstOrThrow();
    Object.assign(job, {
      phase: 'importing',
      done: from,
      total: validation.rows,
      began: { at: performance.now(), done: from },
    });
    this.run(job, async (progress) => {
      await runImport(
        { ...this.base, actor },
        importId,
        job.content,
        validation,
        onlyClean,
        progress,
      );
      this.jobs.delete(importId);
    });
  }

  private run(job: Job, work: (progress: (done: number) => void) => Promise<void>): void {
    job.running = work((done) => void (job.done = done))
      .catch(this.onError)
      .finally(() => {
        job.phase = null;
        job.running = null;
      });
  }

  /** An import as its screen shows it; undefined for an unknown id. */
  async view(importId: string): Promise<QueueImport | undefined> {
    const { db } = this.base;
    // The job's phase is read before the row: once the phase is over, the work's last write is
    // in, so a row read afterwards is never an older state than the job (no false "interrupted").
    const job = this.jobs.get(importId);
    const phase = job?.phase ?? null;
    const row = await db
      .selectFrom('queue_imports')
      .selectAll()
      .where('id', '=', importId)
      .executeTakeFirst();
    if (!row) return undefined;
    const problems = await db
      .selectFrom('queue_import_problems')
      .select(['row_number', 'codes'])
      .where('import_id', '=', importId)
      .orderBy('row_number')
      .limit(LISTED_PROBLEMS)
      .execute();
    const stopped = row.state === 'validating' || row.state === 'importing';
    return {
      id: row.id,
      fileName: row.file_name,
      fileSha256: row.file_sha256,
      state: phase ?? (stopped ? 'interrupted' : row.state),
      rows: row.rows,
      rejected: row.rejected,
      doneRows: row.done_rows,
      imported: row.imported,
      skipped: row.skipped,
      progress:
        job && phase ? progressOf(phase, job.done, job.total, job.began, performance.now()) : null,
      problems: problems.map((p) => ({
        row: p.row_number,
        codes: p.codes as QueueImportRowProblem[],
      })),
    };
  }

  rejected(importId: string): Promise<string> {
    return rejectedCsv(this.base.db, importId);
  }

  /** Waits for the work under way (the server's close). */
  async close(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((job) => job.running));
  }
}
