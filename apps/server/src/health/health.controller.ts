import { HealthRoutes } from '@tandem/protocol';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { HealthReport } from '@tandem/protocol';
import { HealthService } from './health.service.js';

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get(HealthRoutes.health.path)
  @ApiOkResponse({ description: 'Postgres, Redis and the job queue all answer.' })
  @ApiServiceUnavailableResponse({ description: 'At least one dependency is down; `down` names it.' })
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    const report = await this.health.report();
    res.status(report.status === 'ok' ? 200 : 503);
    return report;
  }
}
