import type { DatabaseSchema } from './schema.js';
import type { Row } from './values.js';

// Who is looking, where and when: "is today", "me" and dates in formulas depend on it. The server
// passes the requesting user's zone; `now` is injected so results are reproducible in tests.
export interface ViewerContext {
  timeZone: string;
  now: number;
  userId: string | null;
  // Display names of people (person, created by…), for formulas, CSV and search; ids when unknown.
  personName?: (userId: string) => string | undefined;
}

// Where related databases and rows come from (a Yjs document on the web, the projection on the
// server). Only relations and rollups read other rows.
export interface DatabaseSource {
  schema(databaseId: string): DatabaseSchema | undefined;
  row(databaseId: string, rowId: string): Row | undefined;
}
