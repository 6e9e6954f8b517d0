import { LinkPreviewRoutes } from '@tandem/protocol';
import type { BookmarkAttributes } from '@tandem/editor';
import { ApiRequestError, request } from './client';

// A bookmark card's fields for a web address, read by the server (never by this browser).
// Rejects with the server's reason when the address is refused (a private address, not http(s)).
export async function fetchBookmark(pageId: string, url: string): Promise<BookmarkAttributes> {
  try {
    const preview = await request(LinkPreviewRoutes.preview, { params: { id: pageId }, body: { url } });
    return { url: preview.url, title: preview.title ?? '', description: preview.description ?? '', icon: preview.iconUrl ?? '', siteName: preview.siteName ?? '' };
  } catch (error) {
    if (error instanceof ApiRequestError && error.fields.url) throw new ApiRequestError(error.status, error.code, error.fields.url, error.body);
    throw error;
  }
}
