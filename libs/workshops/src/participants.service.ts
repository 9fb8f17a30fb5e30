// A workshop's participants: invitations, attendance, ratings and test scores.
import { Injectable } from '@nestjs/common';
import { NotFoundError, updateVersioned } from '@vigia/common';
import { DataSource } from 'typeorm';
import { CreateParticipantDto, ParticipantDto, UpdateParticipantDto } from './dto/participant.dto';
import { Participant } from './participant.entity';
import { Workshop } from './workshop.entity';

/** numeric(5,2) columns are written as strings so no binary rounding reaches the database. */
const scoreText = (value: number | null): string | null => (value === null ? null : value.toFixed(2));

@Injectable()
export class ParticipantsService {
  constructor(private readonly dataSource: DataSource) {}

  async add(workshopId: string, dto: CreateParticipantDto): Promise<ParticipantDto> {
    return this.dataSource.transaction(async (manager) => {
      const workshop = await manager
        .getRepository(Workshop)
        .findOne({ where: { id: workshopId }, select: { id: true, reviewId: true } });
      if (!workshop) throw new NotFoundError('Workshop');
      const repo = manager.getRepository(Participant);
      const participant = await repo.save(
        repo.create({
          workshopId,
          // Copied from the workshop so the access guard and the audit trail reach the review in one step.
          reviewId: workshop.reviewId,
          name: dto.name,
          organisation: dto.organisation ?? null,
          email: dto.email ?? null,
        }),
      );
      return ParticipantDto.from(participant);
    });
  }

  async update(id: string, dto: UpdateParticipantDto): Promise<ParticipantDto> {
    const saved = await this.dataSource.transaction((manager) =>
      updateVersioned(manager, Participant, 'Participant', id, dto.version, (p) => {
        // Field by field: DTO instances carry every declared key, absent ones as undefined.
        if (dto.name !== undefined) p.name = dto.name;
        if (dto.organisation !== undefined) p.organisation = dto.organisation;
        if (dto.email !== undefined) p.email = dto.email;
        if (dto.attended !== undefined) p.attended = dto.attended;
        if (dto.satisfaction !== undefined) p.satisfaction = dto.satisfaction;
        if (dto.preTestScore !== undefined) p.preTestScore = scoreText(dto.preTestScore);
        if (dto.postTestScore !== undefined) p.postTestScore = scoreText(dto.postTestScore);
      }),
    );
    return ParticipantDto.from(saved);
  }

  async remove(id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(Participant);
      const participant = await repo.findOneBy({ id });
      if (!participant) throw new NotFoundError('Participant');
      // remove() rather than delete(): the audit subscriber only sees removals of loaded entities.
      await repo.remove(participant);
    });
  }
}
