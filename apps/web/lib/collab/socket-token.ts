import type { SocketTokenResponse } from '@tandem/protocol';
import { post } from '../api';

// A short-lived Socket.IO token: the session cookie's user, or a public link's read-only reader.
export async function fetchSocketToken(shareToken?: string): Promise<string> {
  const res = await post<SocketTokenResponse>('/auth/socket-token', shareToken ? { shareToken } : {});
  return res.token;
}
