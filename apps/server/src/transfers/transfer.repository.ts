import { Injectable } from '@nestjs/common';
import type { ExportFormat, ImportSummary, TransferKind, TransferStatus } from '@tandem/protocol';
import type { Prisma } from '../generated/prisma/client.js';
import { PrismaService } from '../infra/prisma.service.js';

// What a transfer was asked to do (stored as Transfer.params).
export type TransferParams =
  | { kind: 'import'; parentId: string | null; clientName: string; ip: string | null }
  | { kind: 'export'; pageId: string | null; format: ExportFormat; subpages: boolean };

export interface TransferRow {
  id: string;
  workspaceId: string;
  userId: string;
  kind: TransferKind;
  status: TransferStatus;
  params: TransferParams;
  progressDone: number;
  progressTotal: number;
  summary: ImportSummary | null;
  error: string | null;
  storageKey: string | null;
  fileName: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  expiresAt: Date | null;
}

// A finished export whose file is past its date (the expiry sweep's work).
export interface ExpiredExport {
  id: string;
  storageKey: string;
}

const json = (value: unknown) => value as Prisma.InputJsonValue;

// Transfer rows. Reads for a person take their user id, so another person's transfer is not found.
@Injectable()
export class TransferRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(input: { id: string; workspaceId: string; userId: string; params: TransferParams; storageKey: string | null }): Promise<TransferRow> {
    return (await this.prisma.transfer.create({ data: { ...input, kind: input.params.kind, params: json(input.params) } })) as unknown as TransferRow;
  }

  async findOwn(userId: string, id: string): Promise<TransferRow | null> {
    return (await this.prisma.transfer.findFirst({ where: { id, userId } })) as unknown as TransferRow | null;
  }

  async find(id: string): Promise<(TransferRow & { user: { name: string } }) | null> {
    return (await this.prisma.transfer.findUnique({ where: { id }, include: { user: { select: { name: true } } } })) as unknown as (TransferRow & { user: { name: string } }) | null;
  }

  // queued → running; false when the transfer is gone or no longer queued (a job run twice).
  async start(id: string): Promise<boolean> {
    return (await this.prisma.transfer.updateMany({ where: { id, status: 'queued' }, data: { status: 'running' } })).count === 1;
  }

  async progress(id: string, done: number, total: number): Promise<void> {
    await this.prisma.transfer.updateMany({ where: { id, status: 'running' }, data: { progressDone: done, progressTotal: total } });
  }

  async finishImport(id: string, summary: ImportSummary): Promise<void> {
    await this.prisma.transfer.update({ where: { id }, data: { status: 'done', summary: json(summary), storageKey: null, finishedAt: new Date() } });
  }

  // running → done; false when the row was no longer running (then the caller owns no file to keep).
  async finishExport(id: string, storageKey: string, fileName: string, expiresAt: Date | null): Promise<boolean> {
    return (await this.prisma.transfer.updateMany({ where: { id, status: 'running' }, data: { status: 'done', storageKey, fileName, finishedAt: new Date(), expiresAt } })).count === 1;
  }

  // queued/running → failed; false when it had already ended (a second failure tells nobody again).
  async fail(id: string, error: string): Promise<boolean> {
    return (await this.prisma.transfer.updateMany({ where: { id, status: { in: ['queued', 'running'] } }, data: { status: 'failed', error, storageKey: null, finishedAt: new Date() } })).count === 1;
  }

  // Finished exports past their date that still hold a file, in id order after `afterId` (so a file
  // storage refused to delete this run is skipped, not retried forever within the run).
  async expiredExports(now: Date, afterId: string, limit: number): Promise<ExpiredExport[]> {
    const rows = await this.prisma.transfer.findMany({
      where: { status: 'done', kind: 'export', expiresAt: { lte: now }, storageKey: { not: null }, id: { gt: afterId } },
      orderBy: { id: 'asc' },
      take: limit,
      select: { id: true, storageKey: true },
    });
    return rows.map((r) => ({ id: r.id, storageKey: r.storageKey! }));
  }

  // After its file is deleted: done → expired, the key forgotten. Guarded on the key, so a row
  // changed meanwhile is left alone.
  async markExpired(id: string, storageKey: string): Promise<boolean> {
    return (await this.prisma.transfer.updateMany({ where: { id, status: 'done', storageKey }, data: { status: 'expired', storageKey: null } })).count === 1;
  }
}
