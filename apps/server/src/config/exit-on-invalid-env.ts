import { EnvError, loadEnv } from './env.js';

// Entry points call this before anything connects, so a bad variable is reported by name and the
// process stops instead of failing later with a connection error.
export function exitOnInvalidEnv(): void {
  try {
    loadEnv();
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}
