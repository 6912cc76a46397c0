export { systemClock } from './systemClock';
export { systemRandom, type Random } from './random';
export { nodeTimers, type Timers } from './timers';
export { nodeScheduler, type Scheduler } from './scheduler';
