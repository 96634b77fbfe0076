import type { Problem } from '../problem.ts';
import type { Choice, ChoiceResult } from './choose.ts';

/** A direction issued, and the free places its group's take left in the batch (for the line). */
export interface ChosenPlace {
  directionId: string;
  applicationId: string;
  freeLeft: number;
}

/** Runs one group of choices of a batch: chooseDirections, in one of the slots. */
export type GroupRun = (
  batchId: string,
  choices: readonly Choice[],
) => Promise<{ results: ChoiceResult[]; freeLeft: number }>;

interface Pending {
  choice: Choice;
  resolve(chosen: ChosenPlace): void;
  reject(reason: unknown): void;
}

/** More choices than a batch's places never reach a group: this only bounds one statement's rows. */
const LARGEST_GROUP = 500;

/**
 * The verified choices of each place batch, decided in groups (group commit): while one
 * transaction of a batch runs, the choices that arrive for it wait and then go together in the
 * next one. A choice alone is a group of one; a release morning's winners of one kindergarten
 * cost a few transactions instead of one each, each of the same few statements
 * (chooseDirections). Each choice still gets its own answer: its direction or its refusal.
 */
export class ChoiceGroups {
  private readonly pending = new Map<string, Pending[]>();
  private readonly running = new Set<string>();
  private readonly run: GroupRun;

  constructor(run: GroupRun) {
    this.run = run;
  }

  choose(batchId: string, choice: Choice): Promise<ChosenPlace> {
    return new Promise((resolve, reject) => {
      const waiting = this.pending.get(batchId) ?? [];
      waiting.push({ choice, resolve, reject });
      this.pending.set(batchId, waiting);
      if (!this.running.has(batchId)) void this.flush(batchId);
    });
  }

  private async flush(batchId: string): Promise<void> {
    this.running.add(batchId);
    try {
      for (;;) {
        const group = this.pending.get(batchId)?.splice(0, LARGEST_GROUP) ?? [];
        if (group.length === 0) break;
        await this.decide(batchId, group);
      }
    } finally {
      this.running.delete(batchId);
      this.pending.delete(batchId);
    }
  }

  private async decide(batchId: string, group: Pending[]): Promise<void> {
    try {
      const { results, freeLeft } = await this.run(
        batchId,
        group.map((pending) => pending.choice),
      );
      group.forEach((pending, i) => {
        const result = results[i]!;
        if ('refusal' in result) pending.reject(result.refusal as Problem);
        else
          pending.resolve({
            directionId: result.directionId,
            applicationId: pending.choice.applicationId,
            freeLeft,
          });
      });
    } catch (error) {
      for (const pending of group) pending.reject(error);
    }
  }
}
