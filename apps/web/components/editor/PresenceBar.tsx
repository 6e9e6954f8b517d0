'use client';

import type { Collaborator } from '@tandem/editor';
import styles from './editor.module.css';

const MAX_SHOWN = 5;

// Who else is on the page. Clicking someone scrolls to their caret.
export function PresenceBar({ people, onJump }: { people: Collaborator[]; onJump: (person: Collaborator) => void }) {
  if (people.length === 0) return null;
  const shown = people.slice(0, MAX_SHOWN);
  return (
    <div className={styles.presence} role="group" aria-label="People on this page" data-testid="presence">
      {shown.map((person) => (
        <button
          key={person.clientId}
          type="button"
          className={styles.presenceButton}
          onClick={() => onJump(person)}
          title={person.cursor ? `${person.name} — jump to their cursor` : person.name}
          aria-label={person.cursor ? `${person.name}, jump to their cursor` : person.name}
          data-testid="presence-avatar"
          data-user-id={person.id}
        >
          <span className={styles.presenceAvatar} style={{ background: person.color }} aria-hidden>
            {(person.name.trim()[0] ?? '?').toUpperCase()}
          </span>
        </button>
      ))}
      {people.length > MAX_SHOWN && <span className={styles.presenceMore}>+{people.length - MAX_SHOWN}</span>}
    </div>
  );
}
