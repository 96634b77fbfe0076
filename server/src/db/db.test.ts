import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './connection.ts';
import { migrateToLatest } from './migrate.ts';
import { openTestDatabase } from '../testing/harness.ts';

describe('database', () => {
  it('applies the migrations once; a second run applies nothing', async () => {
    const database = await openTestDatabase();
    try {
      expect(await migrateToLatest(database.db)).toEqual([
        '0001_foundation',
        '0002_person_registry',
        '0003_nonces',
        '0004_demo_pki',
        '0005_outbox_documents',
        '0006_applications',
        '0007_interest_reminders',
        '0008_queue_counts',
        '0009_places',
        '0010_directions',
        '0011_expiries',
        '0020_workspace',
        '0021_document_sources',
        '0022_queue_counts_rows',
        '0023_queue_numbers',
        '0024_running_turns',
        '0025_sealed_nonces',
        '0026_intake_numbers',
        '0027_address_parts',
        '0028_direction_queue_number',
        '0029_wanted_from',
        '0030_allocation_policies',
        '0031_sign_in_failures',
        '0032_free_choice_requests',
        '0033_application_preferences',
        '0034_turn_declined_at',
        '0035_transfer_requests',
        '0036_passed_turns',
        '0037_application_nearby',
        '0038_public_queue',
        '0039_log_leaves',
        '0040_log_tree_heads',
        '0042_protocols_estimates',
        '0044_mobile_sign_requests',
        '0045_queue_import',
        '0046_dashboard',
        '0047_dashboard_district_sets',
      ]);
      expect(await migrateToLatest(database.db)).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it('keeps PGlite data in its directory and refuses a second process on it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kezek-data-'));
    try {
      const first = await openDatabase({
        kind: 'pglite',
        dataDir: path.join(dir, 'nested', 'data'),
      });
      await migrateToLatest(first.db);
      await expect(
        openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'nested', 'data') }),
      ).rejects.toThrow(/in use by another kezek process/);
      await first.close();
      const reopened = await openDatabase({
        kind: 'pglite',
        dataDir: path.join(dir, 'nested', 'data'),
      });
      expect(await migrateToLatest(reopened.db)).toEqual([]);
      await reopened.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
