export * from './merkle';
export { AccessLog, withAccessLog, type AccessActor, type AccessRecord } from './access-log';
export { canonicalEvent } from './canonical';
export { append, rootOfFrontier, type Frontier } from './frontier';
export { HEAD_TYPE, readSignedHead, signHead, type TreeHead } from './heads';
export { sealLog, startSealingLoop } from './seal';
export { verifyLog, type Finding, type VerificationReport } from './verify';
export { computeFlags, DEFAULT_FLAG_SETTINGS, type Flag, type FlagEvent, type FlagKind, type FlagSettings } from './flags';
export { archiveExpiredEvents, allLeafHashes } from './retention';
