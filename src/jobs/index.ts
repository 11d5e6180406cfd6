export * from './open-queue.js';
export * from './pg-boss-queue.js';
export * from './table-queue.js';
export * from './types.js';
