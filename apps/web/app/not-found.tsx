import Link from 'next/link';
import { StateMessage } from '@/components/ui/States';

export default function NotFound() {
  return (
    <main>
      <StateMessage icon="search" title="This page does not exist" testId="state-not-found" actions={<Link href="/w">Go to your workspace</Link>}>
        The address may be mistyped, or the page was moved or deleted.
      </StateMessage>
    </main>
  );
}
