'use client';

import { useQuery } from '@tanstack/react-query';
import { WorkspaceRoutes, type AssignableWorkspaceRole, type WorkspaceSettingsBody } from '@tandem/protocol';
import { request } from './client';
import { keys, retryable } from './keys';

// Workspaces, their members and invitations.

export function useWorkspaces() {
  return useQuery({ queryKey: keys.workspaces, queryFn: () => request(WorkspaceRoutes.list), retry: retryable });
}

export function useMembers(workspaceId: string, enabled = true) {
  return useQuery({ queryKey: keys.members(workspaceId), queryFn: () => request(WorkspaceRoutes.members, { params: { id: workspaceId } }), retry: retryable, enabled });
}

export function useMyInvitations(enabled = true) {
  return useQuery({
    queryKey: keys.invitations,
    queryFn: () => request(WorkspaceRoutes.myInvitations),
    retry: retryable,
    enabled,
    refetchInterval: 30_000,
  });
}

export const createWorkspace = (name: string) => request(WorkspaceRoutes.create, { body: { name } });
export const updateWorkspaceSettings = (workspaceId: string, settings: WorkspaceSettingsBody) => request(WorkspaceRoutes.updateSettings, { params: { id: workspaceId }, body: settings });
export const renameWorkspace = (workspaceId: string, name: string) => request(WorkspaceRoutes.rename, { params: { id: workspaceId }, body: { name } });
export const deleteWorkspace = (workspaceId: string) => request(WorkspaceRoutes.delete, { params: { id: workspaceId } });
export const leaveWorkspace = (workspaceId: string) => request(WorkspaceRoutes.leave, { params: { id: workspaceId } });
export const invite = (workspaceId: string, email: string, role: AssignableWorkspaceRole) =>
  request(WorkspaceRoutes.invite, { params: { id: workspaceId }, body: { email, role } });
export const revokeInvitation = (workspaceId: string, invitationId: string) =>
  request(WorkspaceRoutes.revokeInvitation, { params: { id: workspaceId, invitationId } });
export const changeMemberRole = (workspaceId: string, userId: string, role: AssignableWorkspaceRole) =>
  request(WorkspaceRoutes.changeRole, { params: { id: workspaceId, userId }, body: { role } });
export const removeMember = (workspaceId: string, userId: string) => request(WorkspaceRoutes.removeMember, { params: { id: workspaceId, userId } });
export const transferOwnership = (workspaceId: string, userId: string) =>
  request(WorkspaceRoutes.transfer, { params: { id: workspaceId }, body: { userId } });
export const acceptInvitation = (invitationId: string) => request(WorkspaceRoutes.acceptInvitation, { params: { id: invitationId } });
export const declineInvitation = (invitationId: string) => request(WorkspaceRoutes.declineInvitation, { params: { id: invitationId } });
