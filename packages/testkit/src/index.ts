export * from './ports.js';
export * from './process.js';
export * from './stack.js';
export * from './browser.js';
export * from './mailbox.js';
export * from './shared-stack.js';
export * from './redis-cluster.js';
export * from './random.js';
