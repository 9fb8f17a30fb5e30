// Sign-in, token refresh and sign-out.
import type { Locale } from '@vigia/common';
import { Injectable } from '@nestjs/common';
import { NotFoundError, UnauthorizedError } from '@vigia/common';
import { DataSource } from 'typeorm';
import { LoginDto, MeDto, TokenPairDto, UpdateMeDto } from './dto/auth.dto';
import { LoginThrottleService } from './login-throttle.service';
import { PasswordService } from './password.service';
import type { AuthUser, MemberRole } from './roles';
import { TokenService } from './token.service';
import { UserDto } from './users/dto/user.dto';
import { User } from './users/user.entity';
import { UsersService } from './users/users.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottleService,
  ) {}

  async login(dto: LoginDto, address: string): Promise<TokenPairDto> {
    const user = await this.verifyCredentials(dto, address);
    const pair = await this.tokens.issue(user.id);
    return { ...pair, user: UserDto.from(user) };
  }

  /** The active account these credentials open, under the same brute-force limits as sign-in; else 401 or 429. */
  async verifyCredentials(dto: LoginDto, address: string): Promise<User> {
    await this.throttle.begin(dto.email, address);
    const user = await this.users.findByEmail(dto.email);
    const ok = await this.passwords.verify(user?.passwordHash, dto.password);
    // A failure stays counted against the account and the address (begin counted it); a success is given back.
    if (!user || !ok) throw new UnauthorizedError('E-mail or password is incorrect');
    await this.throttle.succeeded(dto.email, address);
    if (!user.active) throw new UnauthorizedError('This account is deactivated');
    return user;
  }

  async refresh(refreshToken: string): Promise<TokenPairDto> {
    let user: User | null = null;
    const { pair } = await this.tokens.rotate(refreshToken, async (userId) => {
      user = await this.dataSource.getRepository(User).findOneBy({ id: userId });
      return Boolean(user?.active);
    });
    if (!user) throw new UnauthorizedError();
    return { ...pair, user: UserDto.from(user) };
  }

  async logout(refreshToken: string): Promise<void> {
    await this.tokens.revoke(refreshToken);
  }

  async me(user: AuthUser): Promise<MeDto> {
    const memberships: { reviewId: string; role: MemberRole }[] = await this.dataSource.query(
      `SELECT review_id AS "reviewId", role FROM review_members WHERE user_id = $1 ORDER BY created_at`,
      [user.id],
    );
    const [{ locale }] = await this.dataSource.query<{ locale: Locale }[]>(`SELECT locale FROM users WHERE id = $1`, [
      user.id,
    ]);
    return { id: user.id, email: user.email, name: user.name, role: user.role, locale, memberships };
  }

  /** Saved through the repository under a row lock, so the change is versioned and audited like any other. */
  async updateMe(user: AuthUser, dto: UpdateMeDto): Promise<MeDto> {
    await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(User);
      const account = await repo.findOne({ where: { id: user.id }, lock: { mode: 'pessimistic_write' } });
      if (!account) throw new NotFoundError('User');
      if (account.locale === dto.locale) return;
      account.locale = dto.locale;
      await repo.save(account);
    });
    return this.me(user);
  }
}
