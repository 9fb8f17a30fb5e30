// Account management for admins; passwords are hashed here and nowhere else.
import { Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError, Page, paginate, updateVersioned } from '@vigia/common';
import { DataSource } from 'typeorm';
import { PasswordService } from '../password.service';
import { TokenService } from '../token.service';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { ListUsersQueryDto } from './dto/user.dto';
import { User } from './user.entity';

@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly passwords: PasswordService,
    private readonly tokens: TokenService,
  ) {}

  list(query: ListUsersQueryDto): Promise<Page<User>> {
    const qb = this.dataSource.getRepository(User).createQueryBuilder('u');
    if (query.role) qb.where('u.role = :role', { role: query.role });
    return paginate(qb, {
      sortColumn: 'u.email',
      sortProperty: 'email',
      idColumn: 'u.id',
      direction: 'ASC',
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  async get(id: string): Promise<User> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id });
    if (!user) throw new NotFoundError('User');
    return user;
  }

  findByEmail(email: string): Promise<User | null> {
    return this.dataSource.getRepository(User).findOneBy({ email: email.trim().toLowerCase() });
  }

  async create(dto: CreateUserDto): Promise<User> {
    const passwordHash = await this.passwords.hash(dto.password);
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(User);
      if (await repo.exists({ where: { email: dto.email } })) {
        throw new ConflictError(`An account with e-mail ${dto.email} already exists`);
      }
      return repo.save(
        repo.create({
          email: dto.email,
          name: dto.name,
          role: dto.role,
          locale: dto.locale ?? 'en',
          passwordHash,
          active: true,
        }),
      );
    });
  }

  async update(id: string, dto: UpdateUserDto, actorId: string): Promise<User> {
    const passwordHash = dto.password ? await this.passwords.hash(dto.password) : undefined;
    return this.dataSource.transaction(async (manager) => {
      const saved = await updateVersioned(manager, User, 'User', id, dto.version, (user) => {
        if (id === actorId && (dto.active === false || (dto.role && dto.role !== 'admin'))) {
          throw new ConflictError('You cannot deactivate yourself or remove your own admin role');
        }
        if (dto.name !== undefined) user.name = dto.name;
        if (dto.role !== undefined) user.role = dto.role;
        if (dto.active !== undefined) user.active = dto.active;
        if (dto.locale !== undefined) user.locale = dto.locale;
        if (passwordHash) user.passwordHash = passwordHash;
      });
      // A deactivated account or a reset password ends every open session.
      if (dto.active === false || passwordHash) await this.tokens.revokeAllForUser(id, manager);
      return saved;
    });
  }
}
