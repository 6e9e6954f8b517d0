'use client';

import { errorMessage } from '@/lib/api';
import { useNotificationSettings, useUpdateNotificationSettings } from '@/lib/api/notifications';
import { useToast } from '@/components/ui/Toast';
import styles from './settings.module.css';

// Mention emails: on by default; the inbox itself is always on.
export function EmailNotificationsSetting() {
  const settings = useNotificationSettings();
  const update = useUpdateNotificationSettings();
  const toast = useToast();
  return (
    <section className={styles.section} aria-labelledby="notify-title">
      <h2 id="notify-title" className={styles.sectionTitle}>
        Notifications
      </h2>
      <label className={styles.toggle}>
        <input
          type="checkbox"
          checked={settings.data?.emailMentions ?? true}
          disabled={!settings.data || update.isPending}
          onChange={(e) => update.mutate(e.target.checked, { onError: (err) => toast(`Could not change the setting: ${errorMessage(err)}`, 'error') })}
          data-testid="email-mentions"
        />
        <span>
          Email me when someone @mentions me
          <span className={styles.toggleHint}>Sent a few minutes later, in one mail, and only for mentions you have not read in Tandem by then.</span>
        </span>
      </label>
    </section>
  );
}
