import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infra/prisma.service.js';

// The DocumentClientOwner rows: which principal introduced a Yjs client id on a page.
@Injectable()
export class ClientOwnerRepository {
  constructor(private readonly prisma: PrismaService) {}

  async owners(pageId: string): Promise<Map<number, string>> {
    const rows = await this.prisma.documentClientOwner.findMany({ where: { pageId }, select: { clientId: true, principal: true } });
    return new Map(rows.map((r) => [Number(r.clientId), r.principal]));
  }

  // Binds the id to `principal` unless someone holds it already; returns the holder. Concurrent
  // claims from two server instances meet in the primary key: exactly one wins.
  async claim(pageId: string, clientId: number, principal: string): Promise<string> {
    const rows = await this.prisma.$queryRaw<{ principal: string }[]>`
      WITH ins AS (
        INSERT INTO "DocumentClientOwner" ("pageId", "clientId", "principal")
        VALUES (${pageId}::uuid, ${BigInt(clientId)}, ${principal})
        ON CONFLICT DO NOTHING
        RETURNING "principal"
      )
      SELECT "principal" FROM ins
      UNION ALL
      SELECT "principal" FROM "DocumentClientOwner" WHERE "pageId" = ${pageId}::uuid AND "clientId" = ${BigInt(clientId)}
      LIMIT 1`;
    if (rows[0]) return rows[0].principal;
    // A concurrent claim committed after this statement's snapshot: read it now.
    const row = await this.prisma.documentClientOwner.findUnique({ where: { pageId_clientId: { pageId, clientId: BigInt(clientId) } } });
    return row?.principal ?? principal;
  }
}
