import { defineRoute } from './route.js';
import type { SearchResult } from './search.js';

// A page as navigation lists show it (favorites, recent pages): with its breadcrumb path through
// the ancestors the caller can see, root first.
export interface NavPage {
  id: string;
  title: string;
  icon: string | null;
  path: SearchResult['path'];
}

// GET /workspaces/:workspaceId/favorites → the caller's starred pages, oldest star first.
// GET /workspaces/:workspaceId/recent → the pages the caller opened last, newest first (at most 20).
// Pages the caller can no longer read, and trashed pages, are left out.
export interface NavPagesResponse {
  pages: NavPage[];
}

export const NavigationLimits = { recentMax: 20, favoritesMax: 200 } as const;

export const NavigationRoutes = {
  favorites: defineRoute<NavPagesResponse>()({ method: 'GET', path: '/workspaces/:workspaceId/favorites' }),
  // Star / unstar a page the caller can read (404 otherwise; 409 for a trashed page). Idempotent.
  addFavorite: defineRoute<void>()({ method: 'PUT', path: '/pages/:id/favorite', response: 'empty' }),
  removeFavorite: defineRoute<void>()({ method: 'DELETE', path: '/pages/:id/favorite' }),
  recent: defineRoute<NavPagesResponse>()({ method: 'GET', path: '/workspaces/:workspaceId/recent' }),
  // GET /pages/:id/backlinks → the live pages whose content links to this one ("Linked from"),
  // those the caller can read only (404 for a page the caller can't read).
  backlinks: defineRoute<NavPagesResponse>()({ method: 'GET', path: '/pages/:id/backlinks' }),
  // Records that the caller opened the page (the web app calls it when a page is shown).
  visit: defineRoute<void>()({ method: 'POST', path: '/pages/:id/visit', response: 'empty' }),
} as const;
