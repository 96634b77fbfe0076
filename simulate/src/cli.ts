// `npm run simulate [-- --seed=2026] [-- --children=4000] [-- --city=demo|generated]
// [-- --supply=0.6]`: a year of a city's releases replayed under each allocation policy of issue 17,
// printed side by side (docs/simulation.md).
import { parseArgs } from 'node:util';
import { DEFAULT_CITY_OPTIONS, makeCity } from './city.ts';
import { DEFAULT_BEHAVIOUR, SCENARIOS, simulateYear } from './engine.ts';
import { resultsTable } from './report.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: String(DEFAULT_CITY_OPTIONS.seed) },
    children: { type: 'string', default: String(DEFAULT_CITY_OPTIONS.children) },
    city: { type: 'string', default: 'demo' },
    supply: { type: 'string', default: String(DEFAULT_CITY_OPTIONS.supply) },
  },
});

function positive(name: string, text: string, integer: boolean): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    console.error(`--${name} must be a positive ${integer ? 'integer' : 'number'}, not ${text}`);
    process.exit(1);
  }
  return value;
}

const kind = values.city;
if (kind !== 'demo' && kind !== 'generated') {
  console.error(`--city must be demo or generated, not ${kind}`);
  process.exit(1);
}
const seed = positive('seed', values.seed, true);
const city = makeCity(kind, {
  seed,
  children: positive('children', values.children, true),
  supply: positive('supply', values.supply, false),
});
const started = performance.now();
const outcomes = SCENARIOS.map((scenario) =>
  simulateYear(city, scenario, { ...DEFAULT_BEHAVIOUR, seed }),
);
console.log(
  `${city.name}: ${city.districts.length} districts, ${city.kindergartens.length} kindergartens, ` +
    `${city.children.length} children, ${city.releases.length} releases; seed ${seed}\n`,
);
console.log(resultsTable(outcomes));
console.log(`\n(${((performance.now() - started) / 1000).toFixed(1)} s)`);
