export * from './common.js';
export * from './roles.js';
export * from './auth.js';
export * from './workspaces.js';
export * from './pages.js';
export * from './sharing.js';
export * from './route.js';
export * from './routes.js';
