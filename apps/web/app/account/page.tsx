import type { Metadata } from 'next';
import { AccountSettings } from '@/components/settings/AccountSettings';

export const metadata: Metadata = { title: 'Account · Tandem' };

export default function AccountRoute() {
  return <AccountSettings />;
}
