// /auth/login, /auth/refresh, /auth/logout and /me (read, and your own language).
import { Body, Controller, Get, HttpCode, Ip, Patch, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Access, CurrentUser } from './access.decorator';
import { AuthService } from './auth.service';
import { LoginDto, MeDto, RefreshDto, TokenPairDto, UpdateMeDto } from './dto/auth.dto';
import type { AuthUser } from './roles';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('auth/login')
  @HttpCode(200)
  @Access.public()
  @ApiUnauthorizedResponse({ description: 'Wrong e-mail or password, or a deactivated account' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed attempts for this account or address' })
  login(@Body() dto: LoginDto, @Ip() ip: string): Promise<TokenPairDto> {
    return this.auth.login(dto, ip);
  }

  @Post('auth/refresh')
  @HttpCode(200)
  @Access.public()
  @ApiUnauthorizedResponse({ description: 'Invalid, expired or reused token (reuse revokes the session)' })
  refresh(@Body() dto: RefreshDto): Promise<TokenPairDto> {
    return this.auth.refresh(dto.refreshToken);
  }

  @Post('auth/logout')
  @HttpCode(204)
  @Access.user()
  @ApiNoContentResponse({ description: 'The refresh token and its session are revoked' })
  logout(@Body() dto: RefreshDto): Promise<void> {
    return this.auth.logout(dto.refreshToken);
  }

  @Get('me')
  @Access.user()
  me(@CurrentUser() user: AuthUser): Promise<MeDto> {
    return this.auth.me(user);
  }

  /** Sets your language; the web app and your reminders follow it. */
  @Patch('me')
  @Access.user()
  updateMe(@CurrentUser() user: AuthUser, @Body() dto: UpdateMeDto): Promise<MeDto> {
    return this.auth.updateMe(user, dto);
  }
}
