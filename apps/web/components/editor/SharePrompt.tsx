'use client';

import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { PageShareRole } from '@tandem/protocol';
import { errorMessage } from '@/lib/api';
import { keys } from '@/lib/api/keys';
import { notifyPageMentions } from '@/lib/api/notifications';
import { putShare } from '@/lib/api/sharing';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { useToast } from '@/components/ui/Toast';
import type { ShareOffer } from './usePageMentions';
import styles from './editor.module.css';

const ROLES: Array<{ role: PageShareRole; label: string }> = [
  { role: 'viewer', label: 'Can view' },
  { role: 'commenter', label: 'Can comment' },
  { role: 'editor', label: 'Can edit' },
];

// "Share with them?": someone just mentioned cannot see the page, and the person who mentioned
// them may share it. Sharing goes through the sharing API; then the mention is sent again, so
// they find it in their inbox beside the share.
export function SharePrompt({ pageId, offer, onDone }: { pageId: string; offer: ShareOffer | null; onDone: () => void }) {
  const [role, setRole] = useState<PageShareRole>('viewer');
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const qc = useQueryClient();
  const share = async () => {
    if (!offer) return;
    setBusy(true);
    try {
      await putShare(pageId, offer.email, role);
      void qc.invalidateQueries({ queryKey: keys.shares(pageId) });
      await notifyPageMentions(pageId, [offer.id]);
      toast(`Shared with ${offer.name}.`);
      onDone();
    } catch (err) {
      toast(`Could not share with ${offer.name}: ${errorMessage(err)}`, 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={offer !== null} onClose={onDone} title="Share with them?">
      <div data-testid="share-prompt">
        <p className={styles.promptText}>
          <strong>{offer?.name}</strong> cannot see this page, so they were not notified. Share it with them?
        </p>
        <div className={styles.promptRoles} role="radiogroup" aria-label="Their access">
          {ROLES.map((r) => (
            <label key={r.role}>
              <input type="radio" name="share-prompt-role" value={r.role} checked={role === r.role} onChange={() => setRole(r.role)} /> {r.label}
            </label>
          ))}
        </div>
        <div className={styles.promptActions}>
          <Button onClick={onDone} disabled={busy}>
            Not now
          </Button>
          <Button variant="primary" onClick={() => void share()} disabled={busy} data-testid="share-prompt-share">
            Share
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
