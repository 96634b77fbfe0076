import { median, type Outcome } from './engine.ts';

const percent = (part: number, whole: number) =>
  whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)} %`;

/** The rows of the side-by-side table: a label and how to read it from one outcome. */
const ROWS: readonly [string, (o: Outcome) => string][] = [
  ['children in the queues', (o) => String(o.children)],
  ['places released', (o) => String(o.released)],
  ['children placed', (o) => String(o.placed)],
  ['… by turn or offer / in free choice', (o) => `${o.placedByTurn} / ${o.placedInFreeChoice}`],
  ['placed in their first choice (of placed)', (o) => percent(o.firstChoice, o.placed)],
  ['placed outside their list (of placed)', (o) => percent(o.outsideList, o.placed)],
  [
    'median wait to a place, days (months)',
    (o) => {
      const days = median(o.waits);
      return Number.isNaN(days) ? '–' : `${Math.round(days)} (${(days / 30.44).toFixed(1)})`;
    },
  ],
  ['free-choice places given', (o) => String(o.freeChoiceGrants)],
  ['… out of queue order', (o) => percent(o.outOfQueueOrder, o.freeChoiceGrants)],
  ['places empty at the end of turn windows', (o) => String(o.emptyAtWindowEnd)],
  ['places empty at the end of the year', (o) => String(o.emptyAtYearEnd)],
  ['siblings placed with their sibling', (o) => percent(o.placedWithSibling, o.withSibling)],
  ['still waiting at the end of the year', (o) => String(o.children - o.placed)],
];

/** A Markdown table, one column per policy, as docs/simulation.md shows it. */
export function resultsTable(outcomes: readonly Outcome[]): string {
  const header = ['', ...outcomes.map((o) => o.scenario)];
  const rows = ROWS.map(([label, read]) => [label, ...outcomes.map(read)]);
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
