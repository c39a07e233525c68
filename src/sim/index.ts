export * from './types';
export * from './world';
export { linkKey } from './network';
export { isValidSeed } from './random';
