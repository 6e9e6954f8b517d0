import { THEMES, type Theme, type UserView } from '@tandem/protocol';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  emailVerifiedAt: Date | null;
  createdAt: Date;
  theme: string;
}

export function toUserView(user: UserRow): UserView {
  return { id: user.id, email: user.email, name: user.name, emailVerified: user.emailVerifiedAt !== null, createdAt: user.createdAt.toISOString(), theme: parseTheme(user.theme) };
}

function parseTheme(value: string): Theme {
  return (THEMES as readonly string[]).includes(value) ? (value as Theme) : 'system';
}
