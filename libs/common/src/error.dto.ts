// The error shape every 4xx and 5xx answer has, for the OpenAPI document.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ErrorDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({ example: 'Invalid input' })
  message!: string;

  @ApiPropertyOptional({
    description: 'Field-level problems for 400 (`{field, messages}`), or what a conflict was about for 409',
    type: 'array',
    items: { type: 'object' },
    example: [{ field: 'email', messages: ['email must be an email'] }],
  })
  details?: unknown[];

  @ApiPropertyOptional({ description: 'The x-request-id of the request, to find it in the logs' })
  requestId?: string;
}
