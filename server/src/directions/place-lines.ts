import { placeTaken } from './choose.ts';

interface Waiter {
  go(): void;
  refuse(): void;
}

interface Line {
  /** The batch's free places as last known: read before the line formed, then as takes report. */
  free: number;
  /** Choices let through and not finished yet. */
  going: number;
  waiting: Waiter[];
  /** Settles once the count of a forming line is read. */
  ready: Promise<void>;
}

/** How a choice let through ended: the batch's free places after its take, 0 when the take found none, null when it failed before. */
export type ChoiceEnd = number | null;

/**
 * The choices of this instance for each place batch, in line. At most as many go on to
 * verification and the transaction as the batch has free places; the others wait, and go when
 * one ends without a place — or are all refused (`place_taken`) at once when a take leaves the
 * batch empty. So on a release morning the choices that can still win are the only ones that
 * cost a signature check and a transaction, and those that cannot win do not wait for the
 * winners' transactions: only for the moment the last place goes.
 *
 * The count is this instance's: other instances may take places too. It only decides who waits;
 * the place itself is taken by the transaction's conditional update, which never gives one twice,
 * and a take that finds none empties the line here.
 */
export class PlaceLines {
  private readonly lines = new Map<string, Line>();

  /**
   * Waits for the choice's turn in the batch's line. A line that forms (nobody going or waiting)
   * asks `readFree` for the batch's free places; a line in use knows them from its takes.
   */
  async enter(batchId: string, readFree: () => Promise<number>): Promise<void> {
    let line = this.lines.get(batchId);
    if (!line) {
      const forming: Line = { free: 0, going: 0, waiting: [], ready: Promise.resolve() };
      forming.ready = readFree().then(
        (free) => {
          forming.free = free;
        },
        (error: unknown) => {
          this.dropIfIdle(batchId, forming);
          throw error;
        },
      );
      this.lines.set(batchId, forming);
      line = forming;
    }
    await line.ready;
    if (line.free <= 0) {
      this.dropIfIdle(batchId, line);
      throw placeTaken();
    }
    if (line.going < line.free) {
      line.going += 1;
      return;
    }
    const current = line;
    await new Promise<void>((go, refuse) =>
      current.waiting.push({
        go: () => {
          current.going += 1;
          go();
        },
        refuse: () => refuse(placeTaken()),
      }),
    );
  }

  /** A choice let through has ended; `end` says what it learnt of the batch. */
  leave(batchId: string, end: ChoiceEnd): void {
    const line = this.lines.get(batchId);
    if (!line) return;
    line.going -= 1;
    if (end !== null) line.free = end;
    if (line.free <= 0) {
      for (const waiter of line.waiting.splice(0)) waiter.refuse();
    }
    while (line.waiting.length > 0 && line.going < line.free) line.waiting.shift()!.go();
    this.dropIfIdle(batchId, line);
  }

  private dropIfIdle(batchId: string, line: Line): void {
    const idle = line.going === 0 && line.waiting.length === 0;
    if (idle && this.lines.get(batchId) === line) this.lines.delete(batchId);
  }
}
