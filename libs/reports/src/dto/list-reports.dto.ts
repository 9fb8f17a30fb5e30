// Query of GET /reviews/:id/reports: the page, newest first.
import { PageQueryDto } from '@vigia/common';

export class ListReportsQueryDto extends PageQueryDto {}
