'use client';

import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { THEMES, applyTheme, currentTheme, type Theme } from '@/lib/theme';
import { updateProfile } from '@/lib/api/account';
import { errorMessage } from '@/lib/api';
import { keys } from '@/lib/api/keys';
import { useToast } from '@/components/ui/Toast';
import styles from './settings.module.css';

const LABELS: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark' };

// Appearance: system / light / dark, applied at once, remembered by this browser (cookie) and by
// the account (so another browser starts with it after signing in).
export function ThemeSetting() {
  const [theme, setTheme] = useState<Theme>('system');
  const qc = useQueryClient();
  const toast = useToast();
  useEffect(() => setTheme(currentTheme()), []);
  const choose = (value: Theme) => {
    applyTheme(value);
    setTheme(value);
    updateProfile({ theme: value }).then(
      (me) => qc.setQueryData(keys.me, me),
      (err: unknown) => toast(`Theme not saved to your account: ${errorMessage(err)}`, 'error'),
    );
  };
  return (
    <section className={styles.section} aria-labelledby="theme-title">
      <h2 id="theme-title" className={styles.sectionTitle}>
        Appearance
      </h2>
      <div className={styles.themeChoices} role="radiogroup" aria-labelledby="theme-title" data-testid="theme-setting">
        {THEMES.map((value) => (
          <label key={value} className={styles.themeChoice} data-checked={theme === value}>
            <input type="radio" name="theme" value={value} checked={theme === value} onChange={() => choose(value)} />
            {LABELS[value]}
          </label>
        ))}
      </div>
    </section>
  );
}
