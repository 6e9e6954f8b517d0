import { loadEnv, type AppConfig } from '../src/config/env.js';
import { PrismaService } from '../src/infra/prisma.service.js';

// Interactive transactions get more time than Prisma's 5 s default: on a loaded machine a short
// transaction can take that long, and the request must answer slowly rather than fail (500).
describe("PrismaService's interactive transactions", () => {
  const prisma = new PrismaService(loadEnv() as AppConfig);

  afterAll(() => prisma.$disconnect());

  it('commit a transaction that runs past Prisma’s 5 s default', async () => {
    const result = await prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_sleep(5.5)`;
      return tx.$queryRaw<{ one: number }[]>`SELECT 1 AS one`;
    });
    expect(result).toEqual([{ one: 1 }]);
  }, 20_000);

  it('still end one that passes its own timeout', async () => {
    await expect(prisma.$transaction((tx) => tx.$executeRaw`SELECT pg_sleep(1.5)`, { timeout: 1_000 })).rejects.toThrow(/timeout|expired|closed/i);
  }, 20_000);
});
