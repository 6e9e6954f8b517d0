// Every queue and every job the worker runs, with one typed payload per job, in one place (as
// Immich's QueueName / JobName / JobItem). A new kind of job (search indexing, exports, version
// pruning, notifications) adds its name here, its payload to JobPayloads, its queue to JOB_QUEUE,
// and a case in that queue's processor; the compiler then finds every place that must handle it.

export enum QueueName {
  Documents = 'documents',
  Files = 'files',
  Maintenance = 'maintenance',
  Notifications = 'notifications',
  Transfers = 'transfers',
}

// Values are the names stored in Redis with each job: renaming one strands the jobs already queued.
export enum JobName {
  PersistPage = 'persist',
  SnapshotPage = 'snapshot',
  // After a persist that changed a database's part of its document: rows into DatabaseRow, row
  // pages made, renamed or trashed (issue 17). Deduplicated per database; reads the document.
  ProjectDatabase = 'database-project',
  CollectOrphanFiles = 'collect-orphan-files',
  // Repeated: deletes the files of exports past EXPORT_RETENTION_DAYS and marks them expired.
  ExpireExports = 'exports-expire',
  // Repeated (a BullMQ job scheduler): deletes audit entries past AUDIT_RETENTION_DAYS.
  PruneAuditLog = 'audit-prune',
  // One person's unread, unmailed mentions in one email (deduplicated per person, delayed).
  MailMentions = 'mail-mentions',
  // Repeated: deletes for good the pages trashed more than TRASH_RETENTION_DAYS ago.
  EmptyTrash = 'trash-empty',
  // An import or export of a Transfer row (issue 16): reads the row, does the work, writes the outcome.
  RunImport = 'transfer-import',
  RunExport = 'transfer-export',
}

// Document jobs carry only the page id: a persist job reads the page's stream when it runs, so
// deduplicating jobs can never drop an update (ARCHITECTURE invariant 5).
// `trace`: the W3C trace context (traceparent/tracestate) of the update that queued a persist job,
// when tracing is on, so the worker's persist span joins that update's trace.
export interface JobPayloads {
  [JobName.PersistPage]: { pageId: string; trace?: Record<string, string> };
  [JobName.SnapshotPage]: { pageId: string };
  [JobName.ProjectDatabase]: { pageId: string };
  // A sweep over every file past its grace period (scheduled; carries nothing).
  [JobName.CollectOrphanFiles]: Record<string, never>;
  [JobName.ExpireExports]: Record<string, never>;
  [JobName.PruneAuditLog]: Record<string, never>;
  // Reads the person's pending mentions when it runs, so deduplicating adds loses none.
  [JobName.MailMentions]: { userId: string };
  [JobName.EmptyTrash]: Record<string, never>;
  [JobName.RunImport]: { transferId: string };
  [JobName.RunExport]: { transferId: string };
}

export const JOB_QUEUE: { readonly [J in JobName]: QueueName } = {
  [JobName.PersistPage]: QueueName.Documents,
  [JobName.SnapshotPage]: QueueName.Documents,
  [JobName.ProjectDatabase]: QueueName.Documents,
  [JobName.CollectOrphanFiles]: QueueName.Files,
  [JobName.ExpireExports]: QueueName.Files,
  [JobName.PruneAuditLog]: QueueName.Maintenance,
  [JobName.MailMentions]: QueueName.Notifications,
  [JobName.EmptyTrash]: QueueName.Maintenance,
  [JobName.RunImport]: QueueName.Transfers,
  [JobName.RunExport]: QueueName.Transfers,
};

// A job as a processor receives it: the name narrows the payload.
export type JobItem = { [J in JobName]: { name: J; data: JobPayloads[J] } }[JobName];
