import { InboxScreen } from '@/components/inbox/InboxScreen';

export default function InboxRoute() {
  return <InboxScreen />;
}
