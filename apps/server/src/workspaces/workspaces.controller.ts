import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import {
  ChangeMemberRoleBody,
  CreateWorkspaceBody,
  Id,
  InviteBody,
  RenameWorkspaceBody,
  WorkspaceSettingsBody,
  TransferOwnershipBody,
  type InvitationView,
  type MembersResponse,
  type MemberView,
  type MyInvitationsResponse,
  type WorkspaceView,
  WorkspaceRoutes,
} from '@tandem/protocol';
import type { z } from 'zod';
import { Client, CurrentAuth, type AuthContext, type ClientMeta } from '../auth/auth-context.js';
import { AuthGuard } from '../auth/auth.guard.js';
import { ZodBody } from '../common/openapi.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { WorkspacesService } from './workspaces.service.js';

const IdPipe = new ZodValidationPipe(Id);

@ApiTags('workspaces')
@ApiBearerAuth()
@ApiCookieAuth('tandem_session')
@Controller()
@UseGuards(AuthGuard)
export class WorkspacesController {
  constructor(private readonly workspaces: WorkspacesService) {}

  @Get(WorkspaceRoutes.list.path)
  list(@CurrentAuth() auth: AuthContext): Promise<WorkspaceView[]> {
    return this.workspaces.list(auth);
  }

  @Post(WorkspaceRoutes.create.path)
  @ZodBody(CreateWorkspaceBody)
  create(@CurrentAuth() auth: AuthContext, @Body(new ZodValidationPipe(CreateWorkspaceBody)) body: z.output<typeof CreateWorkspaceBody>, @Client() client: ClientMeta): Promise<WorkspaceView> {
    return this.workspaces.create(auth, body.name, client);
  }

  @Patch(WorkspaceRoutes.rename.path)
  @ZodBody(RenameWorkspaceBody)
  rename(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Body(new ZodValidationPipe(RenameWorkspaceBody)) body: z.output<typeof RenameWorkspaceBody>, @Client() client: ClientMeta): Promise<WorkspaceView> {
    return this.workspaces.rename(auth, id, body.name, client);
  }

  @Patch(WorkspaceRoutes.updateSettings.path)
  @ZodBody(WorkspaceSettingsBody)
  updateSettings(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Body(new ZodValidationPipe(WorkspaceSettingsBody)) body: z.output<typeof WorkspaceSettingsBody>, @Client() client: ClientMeta): Promise<WorkspaceView> {
    return this.workspaces.updateSettings(auth, id, body, client);
  }

  @Delete(WorkspaceRoutes.delete.path)
  @HttpCode(204)
  delete(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Client() client: ClientMeta): Promise<void> {
    return this.workspaces.delete(auth, id, client);
  }

  @Get(WorkspaceRoutes.members.path)
  members(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<MembersResponse> {
    return this.workspaces.members(auth, id);
  }

  @Post(WorkspaceRoutes.invite.path)
  @ZodBody(InviteBody)
  invite(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Body(new ZodValidationPipe(InviteBody)) body: z.output<typeof InviteBody>, @Client() client: ClientMeta): Promise<InvitationView> {
    return this.workspaces.invite(auth, id, body.email, body.role, client);
  }

  @Delete(WorkspaceRoutes.revokeInvitation.path)
  @HttpCode(204)
  revokeInvitation(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Param('invitationId', IdPipe) invitationId: string, @Client() client: ClientMeta): Promise<void> {
    return this.workspaces.revokeInvitation(auth, id, invitationId, client);
  }

  @Patch(WorkspaceRoutes.changeRole.path)
  @ZodBody(ChangeMemberRoleBody)
  changeRole(
    @CurrentAuth() auth: AuthContext,
    @Param('id', IdPipe) id: string,
    @Param('userId', IdPipe) userId: string,
    @Body(new ZodValidationPipe(ChangeMemberRoleBody)) body: z.output<typeof ChangeMemberRoleBody>,
    @Client() client: ClientMeta,
  ): Promise<MemberView> {
    return this.workspaces.changeRole(auth, id, userId, body.role, client);
  }

  @Delete(WorkspaceRoutes.removeMember.path)
  @HttpCode(204)
  removeMember(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Param('userId', IdPipe) userId: string, @Client() client: ClientMeta): Promise<void> {
    return this.workspaces.removeMember(auth, id, userId, client);
  }

  @Post(WorkspaceRoutes.leave.path)
  @HttpCode(204)
  leave(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Client() client: ClientMeta): Promise<void> {
    return this.workspaces.leave(auth, id, client);
  }

  @Post(WorkspaceRoutes.transfer.path)
  @HttpCode(200)
  @ZodBody(TransferOwnershipBody)
  transfer(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Body(new ZodValidationPipe(TransferOwnershipBody)) body: z.output<typeof TransferOwnershipBody>, @Client() client: ClientMeta): Promise<MembersResponse> {
    return this.workspaces.transfer(auth, id, body.userId, client);
  }
}

// The signed-in person's own pending invitations (they also join automatically on log-in).
@ApiTags('workspaces')
@ApiBearerAuth()
@ApiCookieAuth('tandem_session')
@Controller()
@UseGuards(AuthGuard)
export class InvitationsController {
  constructor(private readonly workspaces: WorkspacesService) {}

  @Get(WorkspaceRoutes.myInvitations.path)
  mine(@CurrentAuth() auth: AuthContext): Promise<MyInvitationsResponse> {
    return this.workspaces.myInvitations(auth);
  }

  @Post(WorkspaceRoutes.acceptInvitation.path)
  @HttpCode(200)
  accept(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Client() client: ClientMeta): Promise<WorkspaceView> {
    return this.workspaces.acceptInvitation(auth, id, client);
  }

  @Post(WorkspaceRoutes.declineInvitation.path)
  @HttpCode(204)
  decline(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string, @Client() client: ClientMeta): Promise<void> {
    return this.workspaces.declineInvitation(auth, id, client);
  }
}
