import { Controller, Delete, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { Id, NavigationRoutes, type NavPagesResponse } from '@tandem/protocol';
import { CurrentAuth, type AuthContext } from '../auth/auth-context.js';
import { AuthGuard } from '../auth/auth.guard.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { NavigationService } from './navigation.service.js';

const IdPipe = new ZodValidationPipe(Id);

@ApiTags('navigation')
@ApiBearerAuth()
@ApiCookieAuth('tandem_session')
@Controller()
@UseGuards(AuthGuard)
export class NavigationController {
  constructor(private readonly navigation: NavigationService) {}

  @Get(NavigationRoutes.favorites.path)
  favorites(@CurrentAuth() auth: AuthContext, @Param('workspaceId', IdPipe) workspaceId: string): Promise<NavPagesResponse> {
    return this.navigation.favorites(auth, workspaceId);
  }

  @Put(NavigationRoutes.addFavorite.path)
  @HttpCode(204)
  addFavorite(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<void> {
    return this.navigation.addFavorite(auth, id);
  }

  @Delete(NavigationRoutes.removeFavorite.path)
  @HttpCode(204)
  removeFavorite(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<void> {
    return this.navigation.removeFavorite(auth, id);
  }

  @Get(NavigationRoutes.recent.path)
  recent(@CurrentAuth() auth: AuthContext, @Param('workspaceId', IdPipe) workspaceId: string): Promise<NavPagesResponse> {
    return this.navigation.recent(auth, workspaceId);
  }

  @Get(NavigationRoutes.backlinks.path)
  backlinks(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<NavPagesResponse> {
    return this.navigation.backlinks(auth, id);
  }

  @Post(NavigationRoutes.visit.path)
  @HttpCode(204)
  visit(@CurrentAuth() auth: AuthContext, @Param('id', IdPipe) id: string): Promise<void> {
    return this.navigation.visit(auth, id);
  }
}
