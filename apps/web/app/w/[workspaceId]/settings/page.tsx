import { WorkspaceSettings } from '@/components/settings/WorkspaceSettings';

export default function WorkspaceSettingsRoute() {
  return <WorkspaceSettings />;
}
