import { z } from 'zod';
import { defineRoute } from './route.js';

export const LinkPreviewLimits = {
  urlMax: 2048,
  titleMax: 300,
  descriptionMax: 500,
} as const;

// POST /pages/:id/link-preview {"url": "https://…"}: what a bookmark card shows for a web address.
export const LinkPreviewBody = z.strictObject({
  url: z
    .string()
    .trim()
    .max(LinkPreviewLimits.urlMax)
    .refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), { error: 'must be an http(s) web address' }),
});
export type LinkPreviewBody = z.input<typeof LinkPreviewBody>;

// Fetched by the server (never the browser), from the page's <title>, Open Graph and icon tags.
// Fields are null when the page did not say, was not HTML, or could not be reached in time.
export interface LinkPreview {
  // The address asked for (what the card links to), normalised.
  url: string;
  title: string | null;
  description: string | null;
  // An absolute http(s) address of the site's icon.
  iconUrl: string | null;
  siteName: string | null;
}

export const LinkPreviewRoutes = {
  // Editor or better on the page (a bookmark is only made while editing it); rate-limited per person.
  preview: defineRoute<LinkPreview>()({ method: 'POST', path: '/pages/:id/link-preview', body: LinkPreviewBody }),
} as const;
