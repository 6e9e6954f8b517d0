export interface Migration { name: string; sql: string; checksum: string }
export function listMigrations(dir: string): Migration[];
export function applyMigrations(databaseUrl: string, dir: string, log?: (msg: string) => void): Promise<number>;
export function ensureDatabase(databaseUrl: string, log?: (msg: string) => void): Promise<void>;
export function recreateDatabase(databaseUrl: string): Promise<void>;
