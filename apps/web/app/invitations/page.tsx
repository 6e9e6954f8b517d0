import type { Metadata } from 'next';
import { InvitationsScreen } from '@/components/settings/InvitationsScreen';

export const metadata: Metadata = { title: 'Invitations · Tandem' };

export default function InvitationsRoute() {
  return <InvitationsScreen />;
}
