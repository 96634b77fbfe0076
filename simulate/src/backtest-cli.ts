// `npm run estimates:backtest [-- --seed=2026] [-- --children=4000] [-- --years=3]`: the wait
// estimates replayed on the demo city's generated history, month by month, and their error
// (docs/wait-estimates.md, "Backtest").
import { parseArgs } from 'node:util';
import { DEFAULT_CITY_OPTIONS } from './city.ts';
import { backtest, demoHistory } from './backtest.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: String(DEFAULT_CITY_OPTIONS.seed) },
    children: { type: 'string', default: String(DEFAULT_CITY_OPTIONS.children) },
    supply: { type: 'string', default: String(DEFAULT_CITY_OPTIONS.supply) },
    years: { type: 'string', default: '3' },
  },
});
const number = (name: keyof typeof values) => {
  const value = Number(values[name]);
  if (!(value > 0)) {
    console.error(`--${name} must be a positive number, not ${values[name]}`);
    process.exit(1);
  }
  return value;
};
const years = number('years');
const history = demoHistory(
  { seed: number('seed'), children: number('children'), supply: number('supply') },
  years,
);
const result = backtest(history);
const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
console.log(
  [
    `demo city, ${years} years: ${history.children.length} children, ${history.turns.length} turns`,
    `estimates made (each waiting child, each month after the first year): ${result.estimates}`,
    `not enough history: ${result.notEnoughHistory} (${percent(result.notEnoughHistory / result.estimates)})`,
    `turn came before the history ended: ${result.resolved}; still waiting within the bounds: ${result.censored}`,
    `median absolute error of the median: ${result.medianAbsoluteErrorMonths.toFixed(2)} months`,
    `actual turns inside the 90 % bounds: ${percent(result.coverage90)}`,
  ].join('\n'),
);
