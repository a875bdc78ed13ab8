/** The real clock and id generator. */
import { monotonicFactory } from 'ulid';
import type { Clock, IdGenerator } from '../core/ports';

export const systemClock: Clock = { now: () => new Date() };

const nextUlid = monotonicFactory();
export const ulidGenerator: IdGenerator = { newId: () => nextUlid() };
