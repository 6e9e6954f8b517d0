import type { PageAccessRole, PageKind, PageView } from '@tandem/protocol';
import type { Page } from '../generated/prisma/client.js';

// A page row as the API shows it to someone with `role` on it.
export function toPageView(page: Page, role: PageAccessRole): PageView {
  return {
    id: page.id,
    workspaceId: page.workspaceId,
    parentId: page.parentId,
    title: page.title,
    icon: page.icon,
    position: page.position,
    createdAt: page.createdAt.toISOString(),
    updatedAt: page.updatedAt.toISOString(),
    deletedAt: page.deletedAt?.toISOString() ?? null,
    role,
    fullWidth: page.fullWidth,
    smallText: page.smallText,
    locked: page.lockedAt !== null,
    cover: page.cover,
    coverPosition: page.coverPosition,
    template: page.template,
    // The column is CHECK-constrained to these three values.
    kind: page.kind as PageKind,
  };
}
