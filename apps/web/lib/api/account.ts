'use client';

import { useQuery } from '@tanstack/react-query';
import { AuthRoutes, HealthRoutes, type ChangePasswordBody, type HealthReport, type LoginBody, type SignupBody, type UpdateProfileBody } from '@tandem/protocol';
import { ApiRequestError, request } from './client';
import { keys, retryable } from './keys';

// The signed-in account: who I am, my sessions, signing in and out, the socket token.

export function useMe() {
  return useQuery({ queryKey: keys.me, queryFn: () => request(AuthRoutes.me), retry: retryable, staleTime: 60_000 });
}

export function useSessions() {
  return useQuery({ queryKey: keys.sessions, queryFn: () => request(AuthRoutes.sessions), retry: retryable });
}

export const signup = (body: SignupBody) => request(AuthRoutes.signup, { body });
export const login = (body: LoginBody) => request(AuthRoutes.login, { body });
export const logout = () => request(AuthRoutes.logout);
export const updateProfile = (body: UpdateProfileBody) => request(AuthRoutes.updateProfile, { body });
export const changePassword = (body: ChangePasswordBody) => request(AuthRoutes.changePassword, { body });
export const revokeSession = (sessionId: string) => request(AuthRoutes.revokeSession, { params: { id: sessionId } });
export const deleteAccount = (password: string) => request(AuthRoutes.deleteAccount, { body: { password } });

// A short-lived Socket.IO token: the session cookie's user, or a public link's read-only reader.
export async function fetchSocketToken(shareToken?: string): Promise<string> {
  const res = await request(AuthRoutes.socketToken, { body: shareToken ? { shareToken } : {} });
  return res.token;
}

// The server's health report; a degraded server answers 503 with the same report.
export async function fetchHealth(): Promise<HealthReport> {
  try {
    return await request(HealthRoutes.health);
  } catch (err) {
    if (err instanceof ApiRequestError && err.status === 503 && err.body) return err.body as HealthReport;
    throw err;
  }
}

export function useHealth() {
  return useQuery({ queryKey: keys.health, queryFn: fetchHealth, refetchInterval: 5_000 });
}
