// Accounts and access: users, tokens, the Access decorator and the global guard.
import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AccessGuard } from './access.guard';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtStrategy } from './jwt.strategy';
import { LoginThrottleService } from './login-throttle.service';
import { PasswordService } from './password.service';
import { ReviewScopeRegistry } from './review-scope.registry';
import { TokenService } from './token.service';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';

@Global()
@Module({
  imports: [PassportModule, JwtModule.register({})],
  controllers: [AuthController, UsersController],
  providers: [
    AuthService,
    UsersService,
    PasswordService,
    TokenService,
    LoginThrottleService,
    JwtStrategy,
    ReviewScopeRegistry,
    AdminBootstrapService,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AuthService, UsersService, PasswordService, ReviewScopeRegistry, TokenService],
})
export class AuthModule {}
