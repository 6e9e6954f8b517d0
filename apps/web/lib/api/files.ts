import { FileRoutes, routePath, UPLOAD_FIELD, type ErrorBody, type FileView } from '@tandem/protocol';
import { ApiRequestError, UNREACHABLE } from './client';

// Uploads one file to a page through the /api proxy. XMLHttpRequest rather than fetch: fetch still
// reports no upload progress, and the block shows it. Rejects with an ApiRequestError whose message
// says why (the server's, or the connection's).
export function uploadFile(pageId: string, file: File, onProgress: (fraction: number) => void, signal: AbortSignal): Promise<FileView> {
  return sendMultipart<FileView>(routePath(FileRoutes.upload.path, { id: pageId }), file, 201, onProgress, signal);
}

// POSTs one file as multipart (the `file` part, after any `fields`) to an API path, resolving with
// the JSON answer of status `ok` (uploads answer 201, import jobs 202).
export function sendMultipart<T>(path: string, file: File, ok: number, onProgress: (fraction: number) => void, signal: AbortSignal, fields: Record<string, string> = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api${path}`);
    xhr.withCredentials = true;
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ApiRequestError(0, UNREACHABLE, 'The connection was lost. Check it and retry.'));
    xhr.onabort = () => reject(new ApiRequestError(0, 'aborted', 'The upload was cancelled.'));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status === ok && body && typeof body === 'object') return resolve(body as T);
      const error = (body as Partial<ErrorBody> | undefined)?.error;
      const reason = error?.fields ? Object.values(error.fields)[0] : undefined;
      // A field reason reads on its own ("The image has no width…") or after the field ("is empty").
      const fieldMessage = reason && (/^is /.test(reason) ? `The file ${reason}.` : reason);
      const message = error ? (fieldMessage ?? error.message) : `The server answered ${xhr.status}. Try again.`;
      reject(new ApiRequestError(xhr.status, error?.code ?? UNREACHABLE, message, body));
    };
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append(UPLOAD_FIELD, file, file.name);
    xhr.send(form);
  });
}
