export { startLogServer, type Misbehaviour, type TestLogServer } from './log-server.ts';
export { eventBuilder, pseudonymOf, TEST_QUEUE, type EventBuilder } from './events.ts';
export { runVerifier } from './run.ts';
