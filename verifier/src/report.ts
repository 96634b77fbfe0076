import type { VerifyResult } from './verify.ts';
import type { Violation } from './replay/model.ts';

/** One violation in one line: where (leaf, event, pseudonym), then what was wrong. */
export function formatViolation(violation: Violation): string {
  const where =
    violation.leafIndex === null
      ? 'log'
      : [`leaf ${violation.leafIndex}`, violation.type, violation.pseudonym]
          .filter(Boolean)
          .join(' ');
  return `${where}: ${violation.message}`;
}

/** The short human report (docs/verifier.md, "Output"). */
export function formatReport(result: VerifyResult): string {
  const { replay } = result;
  const byType = Object.entries(replay.eventsByType)
    .map(([type, count]) => `${type} ${count}`)
    .join(', ');
  const lines = [
    `log ${result.logId}: ${result.treeSize} leaves, head of ${result.headTime}`,
    `heads checked: ${result.headsChecked}; inclusion and consistency proofs checked: ${result.proofsChecked}`,
    `events replayed: ${byType || 'none'}`,
    `turns checked: ${replay.turnsChecked}; directions checked: ${replay.directionsChecked}`,
    `taken on trust: ${replay.siblingTurnsOnTrust} turns put ahead by a sibling, ${replay.passedByAgeOnTrust} children passed by who may have reached the age limit`,
  ];
  if (result.ok) return [...lines, 'OK'].join('\n');
  return [
    ...lines,
    `${result.violations.length} violation(s):`,
    ...result.violations.map((violation) => `  ${formatViolation(violation)}`),
  ].join('\n');
}
