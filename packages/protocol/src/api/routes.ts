import { HealthRoutes } from '../health.js';
import { AuditRoutes } from './audit.js';
import { AuthRoutes } from './auth.js';
import { ExportRoutes } from './exports.js';
import { FileRoutes } from './files.js';
import { ImportRoutes } from './imports.js';
import { LinkPreviewRoutes } from './link-previews.js';
import { CommentRoutes } from './comments.js';
import { NotificationRoutes } from './notifications.js';
import { PageRoutes } from './pages.js';
import { DatabaseCsvRoutes, DatabaseRoutes } from './databases.js';
import type { AnyRoute } from './route.js';
import { NavigationRoutes } from './navigation.js';
import { SearchRoutes } from './search.js';
import { SharingRoutes } from './sharing.js';
import { TransferRoutes } from './transfers.js';
import { VersionRoutes } from './versions.js';
import { WorkspaceRoutes } from './workspaces.js';

// Every REST endpoint, by resource. A new resource adds its `XRoutes` here (the server's api-docs
// suite checks that this table and the served OpenAPI document list the same endpoints).
export const ApiRoutes = {
  auth: AuthRoutes,
  workspaces: WorkspaceRoutes,
  pages: PageRoutes,
  databases: DatabaseRoutes,
  databaseCsv: DatabaseCsvRoutes,
  sharing: SharingRoutes,
  versions: VersionRoutes,
  comments: CommentRoutes,
  notifications: NotificationRoutes,
  search: SearchRoutes,
  files: FileRoutes,
  exports: ExportRoutes,
  imports: ImportRoutes,
  transfers: TransferRoutes,
  audit: AuditRoutes,
  navigation: NavigationRoutes,
  linkPreviews: LinkPreviewRoutes,
  health: HealthRoutes,
} as const;

export function allRoutes(): AnyRoute[] {
  return Object.values(ApiRoutes).flatMap((group) => Object.values(group) as AnyRoute[]);
}
