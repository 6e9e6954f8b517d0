import type { TransferView } from '@tandem/protocol';
import type { TransferRow } from './transfer.repository.js';

export function toTransferView(row: TransferRow): TransferView {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    workspaceId: row.workspaceId,
    progress: { done: row.progressDone, total: row.progressTotal },
    summary: row.summary,
    fileName: row.status === 'done' ? row.fileName : null,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
