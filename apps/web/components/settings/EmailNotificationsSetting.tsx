'use client';

import { errorMessage } from '@/lib/api';
import { useNotificationSettings, useUpdateNotificationSettings } from '@/lib/api/notifications';
import { useToast } from '@/components/ui/Toast';
import styles from './settings.module.css';

// Notification emails (mentions, and one's exports ready or failed): on by default; the inbox
// itself is always on.
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
          Email me when someone @mentions me, and when my exports are ready
          <span className={styles.toggleHint}>Mentions are sent a few minutes later, in one mail, and only if you have not read them in Tandem by then. An export is mailed once, when it is ready or fails.</span>
        </span>
      </label>
    </section>
  );
}
