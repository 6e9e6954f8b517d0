import Link from 'next/link';
import { ServerHealth } from './server-health';
import { SignedInRedirect } from './signed-in-redirect';
import styles from './page.module.css';

export default function Home() {
  return (
    <main className={styles.main}>
      <SignedInRedirect />
      <h1 className={styles.title}>Tandem</h1>
      <p className={styles.lead}>Notes you write together, online or offline, with nothing ever lost.</p>
      <p className={styles.muted}>
        Nested pages, live cursors, and a status that only says “Saved” once your words are in the database.
      </p>
      <div className={styles.actions}>
        <Link href="/signup" className={styles.primary}>
          Get started
        </Link>
        <Link href="/login" className={styles.secondary}>
          Log in
        </Link>
      </div>
      <ServerHealth />
    </main>
  );
}
