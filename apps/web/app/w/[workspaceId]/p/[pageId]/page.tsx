import { PageScreen } from '@/components/page/PageScreen';

export default function PageRoute() {
  return <PageScreen />;
}
