'use client';

// A person's copies of pages in this browser (IndexedDB, one database per page, made by
// PageSession), and which of them hold edits the server has not acknowledged. Logging out or
// deleting the account removes them all: the next person on this computer must not find them.

const PREFIX = 'tandem:';

export const localCopyName = (userId: string, pageId: string) => `${PREFIX}${userId}:${pageId}`;

const unsavedKey = (userId: string) => `${PREFIX}unsaved:${userId}`;

function readUnsaved(userId: string): string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(unsavedKey(userId)) ?? '[]');
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

// Kept across page closes and reloads: a page closed offline still holds its edits only here.
export function markUnsaved(userId: string, pageId: string, unsaved: boolean): void {
  const pages = new Set(readUnsaved(userId));
  if (unsaved === pages.has(pageId)) return;
  if (unsaved) pages.add(pageId);
  else pages.delete(pageId);
  if (pages.size) localStorage.setItem(unsavedKey(userId), JSON.stringify([...pages]));
  else localStorage.removeItem(unsavedKey(userId));
}

// How many pages hold edits that only this browser has.
export function unsavedPageCount(userId: string): number {
  return readUnsaved(userId).length;
}

// Deletes every copy of this person's pages. A copy still open is deleted once its page closes
// (IndexedDB waits for open connections), so callers need not wait for the navigation.
export async function deleteLocalCopies(userId: string): Promise<void> {
  localStorage.removeItem(unsavedKey(userId));
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return;
  const mine = `${PREFIX}${userId}:`;
  const names = (await indexedDB.databases()).map((d) => d.name).filter((name): name is string => !!name?.startsWith(mine));
  for (const name of names) indexedDB.deleteDatabase(name);
}
