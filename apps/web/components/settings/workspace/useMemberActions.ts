'use client';

import { useQueryClient } from '@tanstack/react-query';
import type { AssignableWorkspaceRole, MemberView, WorkspaceView } from '@tandem/protocol';
import { errorMessage } from '@/lib/api';
import { keys } from '@/lib/api/keys';
import { changeMemberRole, removeMember, transferOwnership } from '@/lib/api/workspaces';
import { useToast } from '@/components/ui/Toast';

// What a manager can do to one member, each told with a toast and followed by a fresh member list.
export function useMemberActions(workspace: WorkspaceView, member: MemberView) {
  const qc = useQueryClient();
  const toast = useToast();
  const refresh = () => qc.invalidateQueries({ queryKey: keys.members(workspace.id) });

  const changeRole = async (role: AssignableWorkspaceRole) => {
    try {
      await changeMemberRole(workspace.id, member.userId, role);
      toast(`${member.name} is now ${role === 'admin' ? 'an' : 'a'} ${role}`);
    } catch (err) {
      toast(`Could not change the role: ${errorMessage(err)}`, 'error');
    }
    await refresh();
  };
  const remove = async () => {
    try {
      await removeMember(workspace.id, member.userId);
      toast(`${member.name} was removed from the workspace`);
    } catch (err) {
      toast(`Could not remove ${member.name}: ${errorMessage(err)}`, 'error');
    }
    await refresh();
  };
  const transfer = async () => {
    try {
      const res = await transferOwnership(workspace.id, member.userId);
      qc.setQueryData(keys.members(workspace.id), res);
      await qc.invalidateQueries({ queryKey: keys.workspaces });
      toast(`${member.name} now owns ${workspace.name}`);
    } catch (err) {
      toast(`Could not transfer ownership: ${errorMessage(err)}`, 'error');
    }
  };
  return { changeRole, remove, transfer };
}
