import { z } from 'zod';
import { rowIdSchema } from './common.ts';

/**
 * The columns of a legacy queue export (docs/operations.md, "Importing an existing queue"), in
 * the header's order of a file the bench and the tests write. The header names them; their order
 * in a file is free, and the optional ones may be absent.
 */
export const QUEUE_IMPORT_COLUMNS = [
  'number',
  'childIin',
  'birthDate',
  'applicantIin',
  'email',
  'phone',
  'district',
  'benefitClass',
  'benefitCategory',
  'registeredAt',
  'status',
  'language',
] as const;
export const QUEUE_IMPORT_OPTIONAL_COLUMNS = [
  'childLastName',
  'childFirstName',
  'childMiddleName',
  'applicantName',
] as const;

/** Why a row of the file is refused: each a text of `queueImport.problems.<code>` in the web. */
export const QUEUE_IMPORT_ROW_PROBLEMS = [
  'number_invalid',
  'number_duplicate',
  'number_taken',
  'child_iin_invalid',
  'birth_date_invalid',
  'birth_date_mismatch',
  'child_too_old',
  'child_duplicate',
  'child_already_queued',
  'applicant_iin_invalid',
  'email_invalid',
  'phone_invalid',
  'district_unknown',
  'benefit_class_unknown',
  'benefit_category_unknown',
  'benefit_category_mismatch',
  'registered_at_invalid',
  'registered_at_out_of_range',
  'status_unknown',
  'status_not_waiting',
  'language_unknown',
] as const;
export type QueueImportRowProblem = (typeof QUEUE_IMPORT_ROW_PROBLEMS)[number];

export const queueImportParamsSchema = z.object({ id: rowIdSchema });

export const queueImportStartSchema = z.object({
  /** Import the clean rows of a file that has refused ones (else a file must be clean). */
  onlyClean: z.boolean().default(false),
});

export const queueImportProgressSchema = z.object({
  phase: z.enum(['validating', 'importing']),
  done: z.number().int(),
  total: z.number().int(),
  ratePerSecond: z.number().nullable(),
  secondsLeft: z.number().nullable(),
});
export type QueueImportProgress = z.infer<typeof queueImportProgressSchema>;

export const queueImportSchema = z
  .object({
    id: rowIdSchema,
    fileName: z.string(),
    fileSha256: z.string(),
    /** `interrupted`: an import stopped by a restart; upload the same file again to resume. */
    state: z.enum(['validating', 'validated', 'importing', 'interrupted', 'done']),
    rows: z.number().int(),
    rejected: z.number().int(),
    doneRows: z.number().int(),
    imported: z.number().int(),
    skipped: z.number().int(),
    progress: queueImportProgressSchema.nullable(),
    /** The first refused rows, by row number (the header is row 1). */
    problems: z.array(
      z.object({ row: z.number().int(), codes: z.array(z.enum(QUEUE_IMPORT_ROW_PROBLEMS)) }),
    ),
  })
  .meta({ id: 'QueueImport' });
export type QueueImport = z.infer<typeof queueImportSchema>;
