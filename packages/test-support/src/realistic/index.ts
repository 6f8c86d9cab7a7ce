export * from './layer';
export * from './sampler';
export { insufficientCapacityMessage, type ScalingActivity } from './activities';
export type { LaunchFailureRule } from './world';
export * from './scenario';
