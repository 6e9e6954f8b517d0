'use client';

import { useMembers } from '@/lib/api/workspaces';
import { useWorkspace } from '@/components/shell/AppShell';

// The filters screens of a workspace share (search, the audit log): a member, or a page, picked
// from a list, '' meaning any. Each reads its own list from the workspace's cached queries.

interface SelectProps {
  value: string;
  onChange: (value: string) => void;
  // The label of the '' option ("Anyone", "All pages"...).
  any: string;
  testId: string;
}

export function PersonSelect({ value, onChange, any, testId }: SelectProps) {
  const { workspace } = useWorkspace();
  const members = useMembers(workspace.id);
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
      <option value="">{any}</option>
      {(members.data?.members ?? []).map((m) => (
        <option key={m.userId} value={m.userId}>
          {m.name}
        </option>
      ))}
    </select>
  );
}

export function PageSelect({ value, onChange, any, testId }: SelectProps) {
  const { pages } = useWorkspace();
  const sorted = [...pages].sort((a, b) => (a.title || 'Untitled').localeCompare(b.title || 'Untitled'));
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
      <option value="">{any}</option>
      {sorted.map((p) => (
        <option key={p.id} value={p.id}>
          {p.title || 'Untitled'}
        </option>
      ))}
    </select>
  );
}
