import { Injectable, Logger } from '@nestjs/common';
import * as Y from 'yjs';
import { AppConfig } from '../config/env.js';
import { documentEditor } from '../documents/document-editor.js';
import { DocumentStreamRepository } from '../documents/document-stream.repository.js';
import { DocumentRepository } from '../documents/document.repository.js';
import { FileRepository, type OrphanCandidate } from '../files/file.repository.js';
import { FileStorage } from '../files/file-storage.js';

const BATCH = 200;
// A file found in use is marked as checked this long before the sweep began: a document write
// stamps its updatedAt when its statement runs, not when it commits, so a sweep may read the state
// from before a write whose stamp is already earlier than the sweep. With the margin, that write
// still counts as "changed since the check" and the file is looked at again.
const CHECK_MARGIN_MS = 5 * 60_000;

export interface OrphanSweep {
  checked: number;
  deleted: number;
}

// Deletes uploaded files nobody can reach any more (issue 16): a file whose page was deleted, or
// that is neither its page's cover nor in its page's current document (persisted state plus the stream entries after
// it) nor in any of the page's stored versions (restoring one brings its files back), once older
// than STORAGE_ORPHAN_GRACE_MINUTES. The grace covers an upload whose block is not in the document
// yet and an undo that brings a removed block back. Bytes go before the row: a crash between leaves
// a row whose bytes are gone (served as 404, collected again), never bytes without a row.
@Injectable()
export class FileOrphansService {
  private readonly logger = new Logger(FileOrphansService.name);

  constructor(
    private readonly files: FileRepository,
    private readonly storage: FileStorage,
    private readonly documents: DocumentRepository,
    private readonly stream: DocumentStreamRepository,
    private readonly config: AppConfig,
  ) {}

  async collect(now = new Date()): Promise<OrphanSweep> {
    const before = new Date(now.getTime() - this.config.STORAGE_ORPHAN_GRACE_MINUTES * 60_000);
    let afterId = '00000000-0000-0000-0000-000000000000';
    const sweep: OrphanSweep = { checked: 0, deleted: 0 };
    for (;;) {
      const batch = await this.files.candidates(before, afterId, BATCH);
      if (!batch.length) break;
      afterId = batch[batch.length - 1]!.id;
      sweep.checked += batch.length;
      const byPage = new Map<string | null, OrphanCandidate[]>();
      for (const file of batch) byPage.set(file.pageId, [...(byPage.get(file.pageId) ?? []), file]);
      for (const [pageId, files] of byPage) {
        const used = pageId ? await this.usedFileIds(pageId) : new Set<string>();
        const orphans = files.filter((f) => !used.has(f.id));
        for (const file of orphans) {
          await this.storage.delete(file.key);
          await this.files.remove(file.id);
          sweep.deleted += 1;
        }
        await this.files.markChecked(files.filter((f) => used.has(f.id)).map((f) => f.id), new Date(now.getTime() - CHECK_MARGIN_MS));
      }
      if (batch.length < BATCH) break;
    }
    if (sweep.deleted) this.logger.log(`Collected ${sweep.deleted} orphaned file(s) of ${sweep.checked} checked`);
    return sweep;
  }

  // Every file id the page's cover, current document or any of its versions refers to.
  private async usedFileIds(pageId: string): Promise<Set<string>> {
    const used = new Set<string>();
    const cover = await this.files.coverFileId(pageId);
    if (cover) used.add(cover);
    const { yDocFileIds } = await documentEditor();
    const add = (state: Uint8Array | null, updates: readonly Uint8Array[] = []) => {
      const doc = new Y.Doc();
      try {
        if (state) Y.applyUpdate(doc, state);
        for (const update of updates) Y.applyUpdate(doc, update);
        for (const id of yDocFileIds(doc)) used.add(id);
      } finally {
        doc.destroy();
      }
    };
    const current = await this.documents.find(pageId);
    const pending = await this.stream.readAfter(pageId, current?.persistedUpTo ?? '0-0');
    add(current?.state ?? null, pending.map((e) => e.update));
    for await (const state of this.files.versionStates(pageId)) add(state);
    return used;
  }
}
