// First: configures zod before any schema below is built (see strict-csp.ts).
import './strict-csp.js';
export * from './errors.js';
export * from './health.js';
export * from './api/index.js';
export * from './collab.js';
