import { Injectable } from '@nestjs/common';
import { importCsv, type ColumnPlan, type CsvImport, type CsvTable, type DatabaseSchema, type View } from '@tandem/database';
import { addProperty, addRows, addView, DatabaseDocError, initDatabase, updateProperty, updateView, type Editor } from '@tandem/database/ydoc';
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { ApiError } from '../common/api-error.js';
import { shortId } from '../common/short-id.js';
import { documentEditor } from './document-editor.js';
import { MarkdownImportPool, type MarkdownParseResult } from './markdown-import.pool.js';

export type DocumentSeed = { kind: 'json'; content: unknown } | { kind: 'markdown'; content: string };

// A database's properties and views, as a copy takes them.
export interface DatabaseStructure {
  schema: DatabaseSchema;
  views: View[];
}

// A page's first state, encoded and ready to store.
export interface InitialDocument {
  state: Uint8Array<ArrayBuffer>;
  stateVector: Uint8Array<ArrayBuffer>;
  text: string;
  // Pages its content links to (stored as PageLink rows with the page).
  linkedPageIds: string[];
}

// New and imported pages get their content here, on the server, through the shared Tiptap schema:
// clients never seed content into a shared document (ARCHITECTURE invariant 3). Page creation
// builds the document first (`build`) and stores it with the page in one transaction, so a page's
// row only ever changes afterwards through the worker's merges of its stream.
@Injectable()
export class DocumentSeedService {
  constructor(private readonly markdown: MarkdownImportPool) {}

  private refusal(parsed: Exclude<MarkdownParseResult, { ok: true }>, field: string): ApiError {
    switch (parsed.reason) {
      case 'busy':
        return ApiError.serviceUnavailable('The server is busy reading other imports. Try again in a few seconds.', 5);
      case 'timeout':
        return ApiError.validation({
          [field]: `took longer than ${this.markdown.timeLimitMs / 1000} s to read (it is costly to parse, or the server is busy); split it into several pages`,
        });
      case 'too_large':
        return ApiError.validation({ [field]: 'needs too much memory to read; split it into several pages' });
      case 'invalid':
        return ApiError.validation({ [field]: parsed.message });
    }
  }

  // HTML as Markdown (imports convert HTML files so that they take the Markdown path after). A
  // refusal is a 400 on `field`, as for Markdown.
  async htmlToMarkdown(html: string, field: string): Promise<string> {
    const converted = await this.markdown.htmlToMarkdown(html);
    if (!converted.ok) throw this.refusal(converted, field);
    return converted.markdown;
  }

  // Converts and encodes without storing anything. Content outside the document schema is a 400
  // on `field` (the request field that carried it).
  async build(seed: DocumentSeed, field = 'body.content'): Promise<InitialDocument> {
    let json = seed.content;
    if (seed.kind === 'markdown') {
      const parsed = await this.markdown.parse(seed.content);
      if (!parsed.ok) throw this.refusal(parsed, field);
      json = parsed.json;
    }
    const { DocumentContentError, yDocFromJSON, yDocToIndexable } = await documentEditor();
    let doc: Y.Doc;
    try {
      doc = yDocFromJSON(json);
    } catch (err) {
      if (err instanceof DocumentContentError) throw ApiError.validation({ [field]: err.message });
      throw err;
    }
    try {
      const { text, linkedPageIds } = yDocToIndexable(doc);
      return initialDocument(doc, text, linkedPageIds);
    } finally {
      doc.destroy();
    }
  }

  // A new database's document (issue 17): its title property and one table view, with random short
  // ids as the web mints them. Built here like any first content (invariant 3).
  database(): InitialDocument {
    const doc = new Y.Doc();
    try {
      initDatabase(doc, { titleId: shortId(), viewId: shortId() });
      return initialDocument(doc);
    } finally {
      doc.destroy();
    }
  }

  // A database imported from CSV (issue 17): the plan's columns as properties (the title column as
  // the title property) and every data row, written through @tandem/database/ydoc so its checks
  // apply. Row ids are UUIDs, as each row becomes a page of that id. Cells that do not fit their
  // column's type are left empty and reported in `problems`.
  importedDatabase(databaseId: string, table: CsvTable, plan: readonly ColumnPlan[], by: Editor): { document: InitialDocument; problems: CsvImport['problems'] } {
    const imported = importCsv(table, plan, () => shortId());
    const doc = new Y.Doc();
    try {
      const title = imported.properties.find((p) => p.type === 'title');
      if (!title) throw new DatabaseDocError('one column must be the title');
      initDatabase(doc, { titleId: title.id, viewId: shortId() });
      updateProperty(doc, databaseId, title);
      for (const p of imported.properties) if (p !== title) addProperty(doc, databaseId, p);
      addRows(doc, databaseId, imported.rows.map((values) => ({ id: randomUUID(), values })), by);
      return { document: initialDocument(doc), problems: imported.problems };
    } finally {
      doc.destroy();
    }
  }

  // A copy of a database (duplicate, template): `body` (the copied page body, if any) with the
  // original's properties and views, ids kept; a relation to the original itself points at the copy.
  databaseCopy(body: InitialDocument | undefined, sourceId: string, copyId: string, { schema, views }: DatabaseStructure): InitialDocument {
    const doc = new Y.Doc();
    try {
      if (body) Y.applyUpdate(doc, body.state);
      const title = schema.properties.find((p) => p.type === 'title');
      const [first, ...more] = views;
      if (!title || !first) throw new DatabaseDocError('a database has a title and a view');
      initDatabase(doc, { titleId: title.id, viewId: first.id });
      updateProperty(doc, copyId, title);
      // Rollups after the relations they read (each addition is checked as a whole schema). A
      // relation to another database becomes one-way: that database's mirror names the original.
      const others = schema.properties.filter((p) => p !== title);
      for (const p of [...others.filter((p) => p.type !== 'rollup'), ...others.filter((p) => p.type === 'rollup')]) {
        if (p.type !== 'relation') addProperty(doc, copyId, p);
        else addProperty(doc, copyId, p.targetDatabaseId === sourceId ? { ...p, targetDatabaseId: copyId } : { ...p, syncedPropertyId: null });
      }
      updateView(doc, copyId, first);
      for (const v of more) addView(doc, copyId, v);
      return initialDocument(doc, body?.text, body?.linkedPageIds);
    } finally {
      doc.destroy();
    }
  }
}

// A new page's first document from the Y.Doc it was built in (its search text and links, if any).
function initialDocument(doc: Y.Doc, text = '', linkedPageIds: string[] = []): InitialDocument {
  return { state: Y.encodeStateAsUpdate(doc) as Uint8Array<ArrayBuffer>, stateVector: Y.encodeStateVector(doc) as Uint8Array<ArrayBuffer>, text, linkedPageIds };
}
