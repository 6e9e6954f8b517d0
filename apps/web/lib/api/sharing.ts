'use client';

import { useQuery } from '@tanstack/react-query';
import { SharingRoutes, type PageShareRole } from '@tandem/protocol';
import { request } from './client';
import { keys, retryable } from './keys';

// Sharing a page with people and by public link, and opening a shared page.

export function useShares(pageId: string) {
  return useQuery({ queryKey: keys.shares(pageId), queryFn: () => request(SharingRoutes.shares, { params: { id: pageId } }), retry: retryable });
}

export function useLinks(pageId: string) {
  return useQuery({ queryKey: keys.links(pageId), queryFn: () => request(SharingRoutes.links, { params: { id: pageId } }), retry: retryable });
}

export function useSharedPage(token: string) {
  return useQuery({ queryKey: keys.sharedPage(token), queryFn: () => request(SharingRoutes.sharedPage, { params: { token } }), retry: retryable });
}

export const putShare = (pageId: string, email: string, role: PageShareRole) => request(SharingRoutes.putShare, { params: { id: pageId }, body: { email, role } });
export const revokeShare = (pageId: string, userId: string) => request(SharingRoutes.revokeShare, { params: { id: pageId, userId } });
export const revokePendingShare = (pageId: string, pendingId: string) =>
  request(SharingRoutes.revokePendingShare, { params: { id: pageId, pendingId } });
export const createLink = (pageId: string) => request(SharingRoutes.createLink, { params: { id: pageId }, body: { role: 'viewer' } });
export const revokeLink = (pageId: string, linkId: string) => request(SharingRoutes.revokeLink, { params: { id: pageId, linkId } });
