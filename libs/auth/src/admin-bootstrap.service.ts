// Creates the first admin at boot when no account exists yet.
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@vigia/config';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PasswordService } from './password.service';
import { User } from './users/user.entity';

/** Serialises first-admin creation across api processes starting at once. */
const BOOTSTRAP_LOCK = 7_100_201;

@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly passwords: PasswordService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const created = await this.ensureFirstAdmin();
    if (!created) return;
    if (created.generatedPassword) {
      // Printed once, to the console only: it is never stored in clear and never shown again.
      process.stdout.write(
        `\n  Vigía: first admin created\n    e-mail:   ${created.email}\n    password: ${created.generatedPassword}\n` +
          `  Sign in and change it; it will not be shown again.\n` +
          `  To explore with the OECD's review of ISSSTESON loaded: npm run seed:demo\n\n`,
      );
    } else {
      this.logger.log(
        `first admin ${created.email} created from ADMIN_EMAIL; npm run seed:demo loads a demo engagement`,
      );
    }
  }

  async ensureFirstAdmin(): Promise<{ email: string; generatedPassword?: string } | null> {
    if ((await this.dataSource.getRepository(User).count()) > 0) return null;
    const email = this.config.admin.email ?? 'admin@vigia.local';
    const generatedPassword = this.config.admin.password ? undefined : randomBytes(12).toString('base64url');
    const password = this.config.admin.password ?? generatedPassword!;
    const passwordHash = await this.passwords.hash(password);
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK]);
      if ((await manager.getRepository(User).count()) > 0) return null;
      await manager
        .getRepository(User)
        .save(
          manager
            .getRepository(User)
            .create({ email, name: 'Administrator', role: 'admin', passwordHash, active: true }),
        );
      return { email, generatedPassword };
    });
  }
}
