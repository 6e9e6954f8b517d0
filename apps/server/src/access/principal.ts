// Who is acting: a signed-in user, or the holder of a public share link (no account). Every access
// decision (AccessService.pageRole) starts from one of these; sockets get one from their token.
export type Principal =
  | {
      kind: 'user';
      userId: string;
      name: string;
      // The session the principal came from; when set, access ends the moment that session is
      // revoked (logout, password change), so a socket opened from it loses its pages too.
      sessionId?: string;
    }
  | { kind: 'link'; shareLinkId: string; pageId: string };

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;

// One string per principal, as stored where something is bound to who did it (DocumentClientOwner).
export function principalKey(principal: Principal): string {
  return principal.kind === 'user' ? `user:${principal.userId}` : `link:${principal.shareLinkId}`;
}

// What access decisions depend on (the session too), as a string: the same key, the same answers.
export function accessKey(principal: Principal): string {
  return principal.kind === 'user' ? `user:${principal.userId}:${principal.sessionId ?? ''}` : `link:${principal.shareLinkId}:${principal.pageId}`;
}
