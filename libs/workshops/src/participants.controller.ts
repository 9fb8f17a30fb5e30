// /workshops/:id/participants and /participants/:id: coordinators keep the attendance list and the results.
import { Body, Controller, Delete, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '@vigia/auth';
import { CreateParticipantDto, ParticipantDto, UpdateParticipantDto } from './dto/participant.dto';
import { ParticipantsService } from './participants.service';

@ApiTags('workshops')
@Controller()
export class ParticipantsController {
  constructor(private readonly participants: ParticipantsService) {}

  @Post('workshops/:id/participants')
  @Access.review(['coordinator'], { via: 'workshop' })
  add(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateParticipantDto): Promise<ParticipantDto> {
    return this.participants.add(id, dto);
  }

  /** Attendance, satisfaction and test scores are recorded here, after the workshop. */
  @Patch('participants/:id')
  @Access.review(['coordinator'], { via: 'participant' })
  @ApiConflictResponse({ description: 'Stale version' })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateParticipantDto): Promise<ParticipantDto> {
    return this.participants.update(id, dto);
  }

  @Delete('participants/:id')
  @HttpCode(204)
  @Access.review(['coordinator'], { via: 'participant' })
  @ApiNoContentResponse({ description: 'Removed' })
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.participants.remove(id);
  }
}
