// Hands an admin's API session to the queue dashboard: sets its ticket cookie, so the web app can link to the board.
import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { Access, CurrentUser, type AuthUser, TokenService } from '@vigia/auth';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BOARD_COOKIE, BOARD_PATH, boardCookieOptions } from './board-cookie';

export class QueueBoardSessionDto {
  /** Open this address in the same browser. */
  url!: string;
  /** Seconds the dashboard session lasts. */
  expiresIn!: number;
}

@Controller('admin/queues')
export class QueueBoardController {
  constructor(private readonly tokens: TokenService) {}

  /** Sets the dashboard's HttpOnly ticket cookie for this browser (call it with credentials: 'include'). */
  @Post('session')
  @HttpCode(200)
  @Access.admin()
  async session(
    @CurrentUser() user: AuthUser,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<QueueBoardSessionDto> {
    const options = boardCookieOptions(request);
    void reply.setCookie(BOARD_COOKIE, await this.tokens.issueBoardTicket(user.id), options);
    return { url: BOARD_PATH, expiresIn: options.maxAge as number };
  }
}
