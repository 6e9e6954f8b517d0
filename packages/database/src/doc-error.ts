// Why an edit of a database was refused, in words a person can act on: thrown by the document
// functions (ydoc.ts) and by the core's checks that need no document (a relation's mirror over
// its limit), so every caller catches one class: the server answers a 400, the web shows it.
// A module of its own, without Yjs, so the pure core can throw it.
export class DatabaseDocError extends Error {}
