import { WorkspacePicker } from '@/components/settings/WorkspacePicker';

export default function WorkspacesRoute() {
  return <WorkspacePicker />;
}
