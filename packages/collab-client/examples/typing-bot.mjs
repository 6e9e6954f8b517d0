/* global process, console, fetch, setTimeout */
// A bot that signs in, joins a page and types a sentence into it, one character at a time, like a
// person would: every keystroke is a Yjs update sent through the provider.
//
//   TANDEM_URL=http://localhost:4000 TANDEM_EMAIL=bot@example.com TANDEM_PASSWORD='…' \
//   TANDEM_PAGE=<page id> node packages/collab-client/examples/typing-bot.mjs "Hello from a bot"
import { CollabProvider } from '@tandem/collab-client';
import * as Y from 'yjs';

const url = process.env.TANDEM_URL ?? 'http://localhost:4000';
const pageId = process.env.TANDEM_PAGE;
const text = process.argv[2] ?? 'Hello from the Tandem typing bot.';
if (!pageId || !process.env.TANDEM_EMAIL || !process.env.TANDEM_PASSWORD) {
  console.error('Set TANDEM_PAGE, TANDEM_EMAIL and TANDEM_PASSWORD (and TANDEM_URL if not localhost:4000).');
  process.exit(2);
}

async function post(path, body, session) {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(session ? { authorization: `Bearer ${session}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

const { token: session } = await post('/auth/login', { email: process.env.TANDEM_EMAIL, password: process.env.TANDEM_PASSWORD });
const doc = new Y.Doc();
const provider = new CollabProvider({
  url,
  pageId,
  doc,
  // Socket tokens are short-lived: a function gets a fresh one on every (re)connect.
  token: async () => (await post('/auth/socket-token', {}, session)).token,
});
provider.awareness.setLocalStateField('user', { name: 'Typing bot', color: '#8b5cf6' });
provider.on('status', (status) => console.log(`status: ${status}`));
provider.on('error', (error) => console.error(`error: ${error.code}: ${error.message}`));

await new Promise((resolve) => provider.on('synced', (synced) => synced && resolve()));
if (!provider.canEdit) {
  console.error('This account can view the page but not edit it.');
  process.exit(1);
}

// The editor's document is the Y.XmlFragment "default" (@tandem/editor's DOCUMENT_FIELD): a new
// paragraph at the end, then one character per update.
const fragment = doc.getXmlFragment('default');
const paragraph = new Y.XmlElement('paragraph');
const line = new Y.XmlText();
paragraph.insert(0, [line]);
fragment.insert(fragment.length, [paragraph]);
for (const char of text) {
  line.insert(line.length, char);
  await new Promise((r) => setTimeout(r, 40));
}

// "Saved" means Postgres has every keystroke, not just the server.
await new Promise((resolve) => (provider.saved ? resolve() : provider.on('saved', (saved) => saved && resolve())));
console.log(`typed ${text.length} characters; saved`);
provider.destroy();
