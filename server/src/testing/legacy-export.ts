import { QUEUE_IMPORT_COLUMNS } from '@kezek/contracts';
import { addCalendarDays, makeIin } from '@kezek/domain';
import { seededRandom } from './random.ts';

const BIRTH_DAYS = 5 * 365; // children born 2021–2025: under the default age limit of 7
const CLASSES = ['general', 'first_priority', 'out_of_turn'] as const;
const CATEGORY = { general: '', first_priority: 'large_family', out_of_turn: 'military' } as const;

/**
 * A legacy export of `n` applications over the country's 20 districts (by id), with valid IINs
 * (the i-th child born on day i mod BIRTH_DAYS of 2021–2025, as the bench's generate.ts makes them), about
 * 2 % out-of-turn and 15 % first-priority, each registered 30 to 330 days after birth.
 */
export function legacyExport(n: number, districtIds: readonly number[], seed: number): Buffer {
  const random = seededRandom(seed);
  const lines = [QUEUE_IMPORT_COLUMNS.join(',')];
  for (let i = 0; i < n; i += 1) {
    const birth = addCalendarDays('2021-01-01', i % BIRTH_DAYS);
    const roll = random();
    const cls = CLASSES[roll < 0.02 ? 2 : roll < 0.17 ? 1 : 0];
    const at = new Date(`${addCalendarDays(birth, 30 + (i % 300))}T10:00:00+05:00`);
    at.setTime(at.getTime() + (i % 3600) * 1000);
    lines.push(
      [
        `LEG.${String(i + 1).padStart(8, '0')}`,
        makeIin(birth, i % 2 ? 'male' : 'female', 2 * Math.floor(i / BIRTH_DAYS)),
        birth,
        makeIin(addCalendarDays('1985-01-01', i % 3650), 'female', 2 * Math.floor(i / 7300)),
        '',
        '+77010000000',
        String(districtIds[Math.floor(random() * districtIds.length)]),
        cls,
        CATEGORY[cls],
        at.toISOString(),
        'queued',
        random() < 0.6 ? 'kk' : 'ru',
      ].join(','),
    );
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}
