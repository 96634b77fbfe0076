import { describe, expect, it } from 'vitest';
import { PROBLEM_TITLES, problemTitle } from './problems.ts';

describe('problem titles', () => {
  const codes = Object.keys(PROBLEM_TITLES.en.translation);

  it.each(['kk', 'ru'] as const)('has every code in %s as in English', (language) => {
    expect(Object.keys(PROBLEM_TITLES[language].translation).sort()).toEqual([...codes].sort());
  });

  it('answers in the language asked for', () => {
    expect(problemTitle('place_taken', 'kk', 'x')).toBe(
      'Орынды жаңа ғана алып қойды; басқасын таңдаңыз',
    );
    expect(problemTitle('child_already_queued', 'ru', 'x')).toBe('Ребенок уже стоит в очереди');
  });
});
