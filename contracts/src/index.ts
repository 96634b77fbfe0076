export * from './common.ts';
export * from './auth.ts';
export * from './reference.ts';
export * from './admin.ts';
export * from './eds.ts';
export * from './applications.ts';
export * from './places.ts';
export * from './messages.ts';
