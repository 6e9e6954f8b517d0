'use client';

import { DatabaseRoutes, type PageView } from '@tandem/protocol';
import { request } from './client';

// Databases: their content is the page's Yjs document (components/database edits it live); the only
// call the web needs is the row's page, made on demand so a row added a moment ago opens at once
// instead of waiting for the worker's projection.
export function openRowPage(databaseId: string, rowId: string): Promise<PageView> {
  return request(DatabaseRoutes.rowPage, { params: { databaseId, rowId } });
}
