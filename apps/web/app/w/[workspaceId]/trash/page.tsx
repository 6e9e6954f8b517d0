import { TrashScreen } from '@/components/page/TrashScreen';

export default function TrashRoute() {
  return <TrashScreen />;
}
