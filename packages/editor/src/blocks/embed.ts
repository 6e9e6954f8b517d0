import { Node, createAtomBlockMarkdownSpec, mergeAttributes } from '@tiptap/core';

import { EMBED_PROVIDER_NAMES, type EmbedProvider, embedFromUrl, isCanonicalEmbedSrc } from './embed-url.js';

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    embed: {
      /** Inserts the player for an allow-listed address; false (nothing changed) for any other. */
      insertEmbed: (url: string) => ReturnType;
    };
  }
}

/**
 * What the frame may do. Players need their scripts and their own origin's storage; popups let
 * "Watch on YouTube" open a tab. Never: top navigation, forms, downloads, modals, or pointer lock.
 * (allow-scripts with allow-same-origin is only unsafe for a frame of OUR origin; these are not,
 * and the CSP's frame-src lists the players' origins alone.)
 */
export const EMBED_SANDBOX = 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-presentation';
/** Features the frame may use: full screen and playback. No camera, microphone, location, payment. */
export const EMBED_ALLOW = 'fullscreen; picture-in-picture; encrypted-media; clipboard-write';

/** The frame's attributes for an embed: one place, used by the schema's HTML and the app. */
export function embedFrameAttributes(provider: EmbedProvider, src: string): Record<string, string> {
  return {
    src,
    sandbox: EMBED_SANDBOX,
    allow: EMBED_ALLOW,
    allowfullscreen: 'true',
    // Players refuse to play without knowing the embedding site; the origin is enough.
    referrerpolicy: 'strict-origin-when-cross-origin',
    loading: 'lazy',
    title: `${EMBED_PROVIDER_NAMES[provider]} embed`,
  };
}

/**
 * A video, design, map or pen from an allow-listed provider (embed-url.ts), shown in a sandboxed
 * frame. The node stores the provider and the canonical player address only; whatever was pasted
 * is turned into that address first, and anything off the list never becomes an embed.
 * Markdown: `:::embed {provider="youtube" src="https://www.youtube-nocookie.com/embed/…"}`;
 * HTML: `<div data-type="embed">` around the iframe; a pasted allow-listed `<iframe>` is read too.
 */
export const Embed = Node.create({
  name: 'embed',
  group: 'block',
  atom: true,
  selectable: true,
  draggable: true,

  addAttributes() {
    return {
      provider: { default: 'youtube', parseHTML: (el) => el.getAttribute('data-provider'), renderHTML: (a) => ({ 'data-provider': a.provider }) },
      src: { default: '', parseHTML: (el) => el.getAttribute('data-src'), renderHTML: (a) => ({ 'data-src': a.src }) },
    };
  },

  parseHTML() {
    return [
      {
        tag: 'div[data-type="embed"]',
        getAttrs: (el) => {
          const target = embedFromUrl((el as HTMLElement).getAttribute('data-src') ?? '');
          return target ? { ...target } : false;
        },
      },
      // An iframe pasted from another tool becomes an embed only when it is an allow-listed player.
      {
        tag: 'iframe[src]',
        getAttrs: (el) => {
          const target = embedFromUrl((el as HTMLElement).getAttribute('src') ?? '');
          return target ? { ...target } : false;
        },
      },
    ];
  },

  renderHTML({ node, HTMLAttributes }) {
    const { provider, src } = node.attrs as { provider: EmbedProvider; src: string };
    // A stored node that is not canonical (a bad import) draws no frame at all.
    const frame = isCanonicalEmbedSrc(src, provider) ? [['iframe', embedFrameAttributes(provider, src)] as const] : [];
    return ['div', mergeAttributes({ 'data-type': 'embed' }, HTMLAttributes), ...frame];
  },

  ...createAtomBlockMarkdownSpec({
    nodeName: 'embed',
    requiredAttributes: ['provider', 'src'],
    allowedAttributes: ['provider', 'src'],
  }),

  addCommands() {
    return {
      insertEmbed:
        (url) =>
        ({ commands }) => {
          const target = embedFromUrl(url);
          return target ? commands.insertContent({ type: this.name, attrs: { ...target } }) : false;
        },
    };
  },
});
