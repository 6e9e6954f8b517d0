// `npm run db:generate` / `npm run studio`: the Prisma CLI commands that need no schema engine.
import { applyDefaults, loadDotEnv, LOCAL_DEFAULTS } from './lib/env.mjs';
import { runPrismaWithoutEngine } from './lib/prisma-cli.mjs';

loadDotEnv();
applyDefaults(LOCAL_DEFAULTS);
const [command, ...rest] = process.argv.slice(2);
if (command !== 'generate' && command !== 'studio') {
  console.error('usage: node scripts/prisma.mjs generate|studio');
  process.exit(2);
}
process.exit(await runPrismaWithoutEngine([command, ...rest]));
