'use client';

import { useQuery } from '@tanstack/react-query';
import type { RuntimeConfig } from '@/app/runtime-config/route';

const STORAGE_KEY = 'tandem:runtime-config';

// The last config seen is kept in localStorage, so a page opened before still opens offline
// (the socket just waits for the network; the document comes from IndexedDB).
async function loadRuntimeConfig(): Promise<RuntimeConfig> {
  try {
    const res = await fetch('/runtime-config', { cache: 'no-store' });
    if (!res.ok) throw new Error(`runtime config: HTTP ${res.status}`);
    const config = (await res.json()) as RuntimeConfig;
    localStorage.setItem(STORAGE_KEY, JSON.stringify(config));
    return config;
  } catch (error) {
    const cached = localStorage.getItem(STORAGE_KEY);
    if (cached) return JSON.parse(cached) as RuntimeConfig;
    throw error;
  }
}

export function useRuntimeConfig() {
  return useQuery({ queryKey: ['runtime-config'], queryFn: loadRuntimeConfig, staleTime: Infinity, retry: 2 });
}
