import { Injectable } from '@nestjs/common';
import { csvLine } from '@tandem/database';
import { AuditLimits, type AuditEntryView, type AuditExportQuery, type AuditLogQuery, type AuditLogResponse } from '@tandem/protocol';
import { AccessService } from '../access/access.service.js';
import type { AuthContext } from '../auth/auth-context.js';
import { ApiError } from '../common/api-error.js';
import { AuditLogRepository, type AuditFilter, type AuditPosition, type AuditRow } from './audit-log.repository.js';

const EXPORT_CHUNK = 1000;
export const CSV_COLUMNS = ['id', 'at', 'action', 'actor_id', 'actor_name', 'actor_email', 'target_type', 'target_id', 'target_title', 'ip', 'metadata'];

// A date alone ("2026-11-29") means that whole day (UTC): `to` ends at the next midnight.
const isDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);
function toFilter(workspaceId: string, q: AuditExportQuery): AuditFilter {
  const before = q.to ? (isDay(q.to) ? new Date(Date.parse(`${q.to}T00:00:00Z`) + 86_400_000) : new Date(Date.parse(q.to) + 1)) : undefined;
  return { workspaceId, actorId: q.actorId, action: q.action, pageId: q.pageId, from: q.from ? new Date(q.from) : undefined, before };
}

// The cursor: the last entry's time (ms) and id ("1795965645834.42").
const toCursor = (row: AuditPosition) => `${row.at.getTime()}.${row.id}`;
function fromCursor(cursor: string): AuditPosition {
  const [ms, id] = cursor.split('.');
  return { at: new Date(Number(ms)), id: BigInt(id!) };
}

// The workspace audit log for its owners and admins: filtered, keyset-paged, exportable as CSV.
@Injectable()
export class AuditLogService {
  constructor(
    private readonly repo: AuditLogRepository,
    private readonly access: AccessService,
  ) {}

  // Owners and admins only: 404 to those outside the workspace (as every workspace route), 403 to
  // its other members.
  async requireAdmin(auth: AuthContext, workspaceId: string): Promise<void> {
    const role = await this.access.workspaceRole(auth.user.id, workspaceId);
    if (!role) throw ApiError.notFound('Workspace');
    if (role !== 'owner' && role !== 'admin') throw ApiError.forbidden('Only workspace owners and admins can read the audit log.');
  }

  async list(auth: AuthContext, workspaceId: string, q: AuditLogQuery & { limit?: number }): Promise<AuditLogResponse> {
    await this.requireAdmin(auth, workspaceId);
    const limit = q.limit ?? AuditLimits.pageSizeDefault;
    const rows = await this.repo.list(toFilter(workspaceId, q), limit + 1, q.cursor ? fromCursor(q.cursor) : null);
    const page = rows.slice(0, limit);
    return { entries: await this.views(workspaceId, page), nextCursor: rows.length > limit ? toCursor(page[page.length - 1]!) : null };
  }

  // The export's lines (header first), newest first, read in chunks; the caller checked access.
  async *csv(workspaceId: string, q: AuditExportQuery): AsyncGenerator<string> {
    yield csvLine(CSV_COLUMNS);
    const filter = toFilter(workspaceId, q);
    let below: AuditPosition | null = null;
    let written = 0;
    while (written < AuditLimits.exportMaxRows) {
      const rows = await this.repo.list(filter, Math.min(EXPORT_CHUNK, AuditLimits.exportMaxRows - written), below);
      if (rows.length === 0) return;
      const lines = (await this.views(workspaceId, rows)).map((e) =>
        csvLine([e.id, e.at, e.action, e.actor?.id ?? '', e.actor?.name ?? '', e.actor?.email ?? '', e.targetType, e.targetId ?? '', e.targetTitle ?? '', e.ip ?? '', e.metadata === null ? '' : JSON.stringify(e.metadata)]),
      );
      yield lines.join('');
      written += rows.length;
      below = rows[rows.length - 1]!;
    }
  }

  private async views(workspaceId: string, rows: AuditRow[]): Promise<AuditEntryView[]> {
    const titles = await this.repo.pageTitles(workspaceId, [...new Set(rows.flatMap((r) => (r.targetType === 'page' && r.targetId ? [r.targetId] : [])))]);
    return rows.map((r) => ({
      id: r.id.toString(),
      at: r.at.toISOString(),
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      targetTitle: r.targetType === 'page' && r.targetId ? (titles.get(r.targetId) ?? null) : null,
      actor: r.actor,
      ip: r.ip,
      metadata: r.metadata,
    }));
  }
}
