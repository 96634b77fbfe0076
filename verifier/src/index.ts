export { verifyLog, type VerifyOptions, type VerifyResult } from './verify.ts';
export { formatReport, formatViolation } from './report.ts';
export { replay, type ReplayReport } from './replay/replay.ts';
export type { Violation, Leaf } from './replay/model.ts';
export { CouldNotCheck } from './log/client.ts';
export { EXIT, main } from './cli.ts';
