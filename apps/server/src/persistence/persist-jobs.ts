// The jobs of the documents queue. Each carries only the page id: a persist job reads the page's
// stream when it runs, so deduplicating jobs can never drop an update (ARCHITECTURE invariant 5).
export enum DocumentJob {
  Persist = 'persist',
  Snapshot = 'snapshot',
}

export interface PersistJobData {
  pageId: string;
}

export interface SnapshotJobData {
  pageId: string;
}
