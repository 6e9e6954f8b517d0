import { Global, Module } from '@nestjs/common';
import { AppConfig, loadEnv } from './env.js';

@Global()
@Module({
  providers: [{ provide: AppConfig, useFactory: () => loadEnv() }],
  exports: [AppConfig],
})
export class ConfigModule {}
