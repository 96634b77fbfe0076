export * from './almaty-time.ts';
export * from './calendar.ts';
export * from './holidays.ts';
export * from './iin.ts';
export * from './local-date.ts';
export * from './policy.ts';
export * from './queue.ts';
