import { ServerHealth } from './server-health';
import styles from './page.module.css';

export default function Home() {
  return (
    <main className={styles.main}>
      <h1 className={styles.title}>Tandem</h1>
      <p className={styles.muted}>Notes you write together, online or offline, with nothing ever lost.</p>
      <ServerHealth />
    </main>
  );
}
