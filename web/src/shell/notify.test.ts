import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const shown: string[] = [];
const hidden: string[] = [];
vi.mock('@mantine/notifications', () => ({
  notifications: {
    show: () => {
      const id = `n${shown.length + 1}`;
      shown.push(id);
      return id;
    },
    hide: (id: string) => hidden.push(id),
  },
}));
vi.mock('../i18n/index.ts', () => ({ default: { t: (key: string) => key } }));

const { dismissStaleNotifications, notifySuccess } = await import('./notify.ts');

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-12-03T09:00:00Z') });
  shown.length = 0;
  hidden.length = 0;
});
afterEach(() => vi.useRealTimers());

describe('confirmations', () => {
  it('close after five seconds whatever the pointer does', () => {
    notifySuccess('Saved');
    vi.advanceTimersByTime(4999);
    expect(hidden).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(hidden).toEqual(['n1']);
  });

  it('stay for the navigation they led to, and go at the next one', () => {
    notifySuccess('Sent');
    dismissStaleNotifications(Date.now() + 500);
    expect(hidden).toEqual([]);
    dismissStaleNotifications(Date.now() + 3000);
    expect(hidden).toEqual(['n1']);
  });
});
