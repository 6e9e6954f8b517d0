import type { PageKind } from '@tandem/protocol';
import type { Env } from '../config/env.js';

// The largest document a page may grow to: a database's rows live in its page's document, so a
// database gets COLLAB_MAX_DATABASE_BYTES; every other page COLLAB_MAX_DOCUMENT_BYTES.
export function maxDocumentBytes(config: Pick<Env, 'COLLAB_MAX_DOCUMENT_BYTES' | 'COLLAB_MAX_DATABASE_BYTES'>, kind: PageKind): number {
  return kind === 'database' ? config.COLLAB_MAX_DATABASE_BYTES : config.COLLAB_MAX_DOCUMENT_BYTES;
}
