import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';
import { AppConfig } from '../config/env.js';

// Interactive transactions' defaults (Prisma's own: 2 s to start, 5 s to finish). A busy machine
// can stretch a short transaction past them, and the request then answers 500 for a change it
// could have made a moment later (the likely cause of a share's 500s in a fresh-clone run at load
// ~9; not reproduced alone). A slow answer beats a refused one; transactions that need longer
// still pass their own.
const TRANSACTION_DEFAULTS = { maxWait: 10_000, timeout: 15_000 } as const;

// The one Prisma client of a process (Prisma 7: no native engine, queries go through node-postgres).
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(config: AppConfig) {
    super({ adapter: new PrismaPg({ connectionString: config.DATABASE_URL }), transactionOptions: TRANSACTION_DEFAULTS });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
