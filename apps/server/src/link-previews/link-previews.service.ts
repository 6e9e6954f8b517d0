import { Injectable } from '@nestjs/common';
import type { LinkPreview } from '@tandem/protocol';
import { AccessService } from '../access/access.service.js';
import type { AuthContext } from '../auth/auth-context.js';
import { countAttempt } from '../auth/attempts.js';
import { RateLimitRepository } from '../auth/rate-limit.repository.js';
import { ApiError } from '../common/api-error.js';
import { AppConfig } from '../config/env.js';
import { readPageMeta } from './html-meta.js';
import { FetchFailed, FetchRefused, LinkFetcher } from './link-fetcher.js';

// Bookmark cards (issue 18): the server reads a link's title, description and icon so that the
// browser never fetches arbitrary pages, and nobody's browser is made to. Only people who may edit
// the page ask (a card is made while editing), a few times a minute each; addresses that are not
// public are refused (link-fetcher.ts). A site that cannot be read gives a card with the address only.
@Injectable()
export class LinkPreviewsService {
  constructor(
    private readonly access: AccessService,
    private readonly limits: RateLimitRepository,
    private readonly fetcher: LinkFetcher,
    private readonly config: AppConfig,
  ) {}

  async preview(auth: AuthContext, pageId: string, address: string): Promise<LinkPreview> {
    await this.access.requirePage(auth.principal, pageId, 'editor');
    await countAttempt(this.limits, 'link-preview', auth.user.id, this.config.LINK_PREVIEWS_PER_MINUTE, 60_000);
    const url = new URL(address).href;
    try {
      const page = await this.fetcher.fetch(url);
      const meta = page.html === null ? { title: null, description: null, iconUrl: null, siteName: null } : readPageMeta(page.html, page.url);
      return { url, ...meta };
    } catch (error) {
      if (error instanceof FetchRefused) throw ApiError.validation({ url: error.message });
      if (error instanceof FetchFailed) return { url, title: null, description: null, iconUrl: null, siteName: null };
      throw error;
    }
  }
}
