import type { UserView } from '@tandem/protocol';

export function toUserView(user: { id: string; email: string; name: string; emailVerifiedAt: Date | null; createdAt: Date }): UserView {
  return { id: user.id, email: user.email, name: user.name, emailVerified: user.emailVerifiedAt !== null, createdAt: user.createdAt.toISOString() };
}
