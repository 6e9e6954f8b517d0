'use client';

import { useEffect, useState } from 'react';
import { THEMES, applyTheme, currentTheme, type Theme } from '@/lib/theme';
import styles from './settings.module.css';

const LABELS: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark' };

// Appearance: system / light / dark, applied at once and remembered by this browser.
export function ThemeSetting() {
  const [theme, setTheme] = useState<Theme>('system');
  useEffect(() => setTheme(currentTheme()), []);
  return (
    <section className={styles.section} aria-labelledby="theme-title">
      <h2 id="theme-title" className={styles.sectionTitle}>
        Appearance
      </h2>
      <div className={styles.themeChoices} role="radiogroup" aria-labelledby="theme-title" data-testid="theme-setting">
        {THEMES.map((value) => (
          <label key={value} className={styles.themeChoice} data-checked={theme === value}>
            <input
              type="radio"
              name="theme"
              value={value}
              checked={theme === value}
              onChange={() => {
                applyTheme(value);
                setTheme(value);
              }}
            />
            {LABELS[value]}
          </label>
        ))}
      </div>
    </section>
  );
}
