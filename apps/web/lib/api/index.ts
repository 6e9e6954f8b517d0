// The API client and its errors. Data hooks live beside it, one file per resource:
// account.ts, workspaces.ts, pages.ts, sharing.ts, navigation.ts (query keys shared in keys.ts).
export * from './client';
