import type { TransferView } from '@tandem/protocol';
import type { TransferRow } from './transfer.repository.js';

// A finished export past its date reads `expired` at once, before the sweep has deleted its file.
export function isExpired(row: Pick<TransferRow, 'status' | 'expiresAt'>, now = new Date()): boolean {
  return row.status === 'expired' || (row.status === 'done' && row.expiresAt !== null && row.expiresAt <= now);
}

export function toTransferView(row: TransferRow, now = new Date()): TransferView {
  const expired = isExpired(row, now);
  return {
    id: row.id,
    kind: row.kind,
    status: expired ? 'expired' : row.status,
    workspaceId: row.workspaceId,
    progress: { done: row.progressDone, total: row.progressTotal },
    summary: row.summary,
    fileName: row.status === 'done' || expired ? row.fileName : null,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
  };
}
