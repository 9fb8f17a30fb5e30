// Counts failed logins per account and per address in PostgreSQL, so the limit holds across api processes.
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@vigia/config';
import { DomainException, ErrorCode } from '@vigia/common';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';

@Injectable()
export class LoginThrottleService {
  private readonly byAccount: RateLimiterPostgres;
  private readonly byAddress: RateLimiterPostgres;

  constructor(@Inject(APP_CONFIG) config: AppConfig, dataSource: DataSource) {
    // TypeORM's own pg pool; the table is created by a migration, not by the library.
    const pool = (dataSource.driver as unknown as { master: unknown }).master;
    const common = {
      storeClient: pool,
      storeType: 'pool',
      tableName: 'login_throttle',
      tableCreated: true,
      clearExpiredByTimeout: false,
      duration: config.login.windowSeconds,
    };
    this.byAccount = new RateLimiterPostgres({
      ...common,
      keyPrefix: 'account',
      points: config.login.maxFailuresPerAccount,
    });
    this.byAddress = new RateLimiterPostgres({
      ...common,
      keyPrefix: 'address',
      points: config.login.maxFailuresPerAddress,
    });
  }

  /**
   * Lets an attempt through, or refuses it with 429. The attempt is counted against its account before the password is
   * checked, in one atomic increment, so attempts at one account sent at the same instant cannot get more guesses than
   * the limit. The address is only checked here and counted on failure: many people may sign in from one address at
   * once, and only their failures should count against it. An attempt let through must end with `failed` or
   * `succeeded`.
   */
  async begin(email: string, address: string): Promise<void> {
    const [account, addr] = await Promise.allSettled([this.byAccount.consume(email), this.byAddress.get(address)]);
    for (const result of [account, addr]) {
      // Only a RateLimiterRes means "over the limit"; anything else (the database away) is the caller's error.
      if (result.status === 'rejected' && !(result.reason instanceof RateLimiterRes)) throw result.reason as Error;
    }
    const blocked: RateLimiterRes[] = [];
    if (account.status === 'rejected') blocked.push(account.reason as RateLimiterRes);
    if (addr.status === 'fulfilled' && addr.value && addr.value.consumedPoints >= this.byAddress.points) {
      blocked.push(addr.value);
      // Refused for its address: the account's count gets the attempt back.
      if (account.status === 'fulfilled') await this.byAccount.reward(email, 1);
    }
    if (blocked.length === 0) return;
    const wait = Math.max(...blocked.map((r) => Math.ceil(r.msBeforeNext / 1000)), 1);
    throw new DomainException(
      ErrorCode.RateLimited,
      `Too many failed sign-in attempts; try again in ${wait} seconds`,
      undefined,
      { 'retry-after': String(wait) },
    );
  }

  /** A wrong password or an unknown account: the account already counted it; the address counts it now. */
  async failed(address: string): Promise<void> {
    await this.byAddress.penalty(address, 1);
  }

  /** The attempt opened the account: its failures are forgotten. */
  async succeeded(email: string): Promise<void> {
    await this.byAccount.delete(email);
  }
}
