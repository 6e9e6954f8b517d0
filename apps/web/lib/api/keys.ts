import { ApiRequestError } from './client';

// One place for cache keys, so a mutation invalidates exactly what it changed.
export const keys = {
  me: ['me'] as const,
  workspaces: ['workspaces'] as const,
  tree: (workspaceId: string) => ['workspaces', workspaceId, 'pages'] as const,
  trash: (workspaceId: string) => ['workspaces', workspaceId, 'trash'] as const,
  members: (workspaceId: string) => ['workspaces', workspaceId, 'members'] as const,
  page: (pageId: string) => ['pages', pageId] as const,
  shares: (pageId: string) => ['pages', pageId, 'shares'] as const,
  links: (pageId: string) => ['pages', pageId, 'links'] as const,
  versions: (pageId: string) => ['pages', pageId, 'versions'] as const,
  version: (pageId: string, versionId: string) => ['pages', pageId, 'versions', versionId] as const,
  versionDiff: (pageId: string, versionId: string, against: 'current' | 'previous') => ['pages', pageId, 'versions', versionId, 'diff', against] as const,
  search: (workspaceId: string, query: object) => ['workspaces', workspaceId, 'search', query] as const,
  auditLog: (workspaceId: string, filters: object) => ['workspaces', workspaceId, 'audit-log', filters] as const,
  favorites: (workspaceId: string) => ['workspaces', workspaceId, 'favorites'] as const,
  recent: (workspaceId: string) => ['workspaces', workspaceId, 'recent'] as const,
  threads: (pageId: string) => ['pages', pageId, 'threads'] as const,
  sharedThreads: (token: string) => ['share', token, 'threads'] as const,
  backlinks: (pageId: string) => ['pages', pageId, 'backlinks'] as const,
  databaseCovers: (databaseId: string) => ['databases', databaseId, 'covers'] as const,
  invitations: ['invitations'] as const,
  inbox: ['inbox'] as const,
  notificationSettings: ['inbox', 'settings'] as const,
  sessions: ['sessions'] as const,
  sharedPage: (token: string) => ['share', token] as const,
  health: ['health'] as const,
  transfer: (id: string) => ['transfers', id] as const,
  databasePreview: (databaseId: string) => ['databases', databaseId, 'preview'] as const,
};

// Matches every workspace's member list (shaped like keys.members), e.g. after a rename.
export const isMembersKey = (key: readonly unknown[]): boolean => key[0] === 'workspaces' && key[2] === 'members';

// 4xx answers will not change on retry; only network trouble and 5xx are worth another try.
export function retryable(failureCount: number, err: unknown): boolean {
  if (err instanceof ApiRequestError && err.status >= 400 && err.status < 500) return false;
  return failureCount < 2;
}
