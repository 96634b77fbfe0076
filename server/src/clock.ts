/** The only source of "now" on the server; tests and the demo move it through the test API. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class AdjustableClock implements Clock {
  private offsetMs = 0;
  private fixed: Date | null = null;

  constructor(start?: Date) {
    if (start) this.fixed = start;
  }

  now(): Date {
    return this.fixed ? new Date(this.fixed) : new Date(Date.now() + this.offsetMs);
  }

  set(instant: Date): void {
    this.fixed = new Date(instant);
  }

  advance(ms: number): void {
    if (this.fixed) this.fixed = new Date(this.fixed.getTime() + ms);
    else this.offsetMs += ms;
  }
}
