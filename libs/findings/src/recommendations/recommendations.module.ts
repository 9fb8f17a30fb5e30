// Recommendations and their follow-ups (also from a later review that follows the first up), and the review summary.
import { Module } from '@nestjs/common';

@Module({})
export class RecommendationsModule {}
