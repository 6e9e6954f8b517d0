import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { AppConfig } from '../config/env.js';
import { LinkFetcher } from './link-fetcher.js';
import { LinkPreviewsController } from './link-previews.controller.js';
import { LinkPreviewsService } from './link-previews.service.js';

// Bookmark previews (issue 18). The fetcher is built from configuration here; loopback is never
// allowed outside the fetcher's own test suite.
@Module({
  imports: [AuthModule, AccessModule],
  controllers: [LinkPreviewsController],
  providers: [
    LinkPreviewsService,
    {
      provide: LinkFetcher,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new LinkFetcher({ timeoutMs: config.LINK_PREVIEW_TIMEOUT_MS, maxBytes: config.LINK_PREVIEW_MAX_BYTES }),
    },
  ],
})
export class LinkPreviewsModule {}
