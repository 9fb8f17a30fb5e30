// The ISSSTESON demo engagement, loaded from the data files and source documents in seeds/.
import { Module } from '@nestjs/common';
import { DemoSeedService } from './demo-seed.service';

// DataSource comes from TypeOrmModule and PasswordService from the global AuthModule.
@Module({ providers: [DemoSeedService], exports: [DemoSeedService] })
export class DemoModule {}
