import { WorkspaceHome } from '@/components/page/WorkspaceHome';

export default function WorkspaceRoute() {
  return <WorkspaceHome />;
}
