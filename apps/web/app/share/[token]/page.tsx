import { SharedPageScreen } from '@/components/page/SharedPageScreen';

export default function SharedPageRoute() {
  return <SharedPageScreen />;
}
