/** Feedback on answers (a rating and an optional comment on a message, call or turn). */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { fromJson, now, toJson } from '../util.js';

export interface Feedback {
  id: number;
  targetType: string;
  targetId: string;
  rating: number;
  comment: string | null;
  metadata: Record<string, unknown> | null;
  createdAt: string;
}

export class FeedbackRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async add(input: {
    targetType: string;
    targetId: string;
    rating: number;
    comment?: string | null;
    metadata?: Record<string, unknown>;
  }): Promise<Feedback> {
    const row = await this.db
      .insertInto('feedback')
      .values({
        target_type: input.targetType,
        target_id: input.targetId,
        rating: input.rating,
        comment: input.comment ?? null,
        metadata: input.metadata ? toJson(input.metadata) : null,
        created_at: now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toFeedback(row);
  }

  async forTarget(targetType: string, targetId: string): Promise<Feedback[]> {
    const rows = await this.db
      .selectFrom('feedback')
      .selectAll()
      .where('target_type', '=', targetType)
      .where('target_id', '=', targetId)
      .orderBy('id')
      .execute();
    return rows.map(toFeedback);
  }
}

function toFeedback(row: {
  id: number;
  target_type: string;
  target_id: string;
  rating: number;
  comment: string | null;
  metadata: string | null;
  created_at: string;
}): Feedback {
  return {
    id: Number(row.id),
    targetType: row.target_type,
    targetId: row.target_id,
    rating: Number(row.rating),
    comment: row.comment,
    metadata: fromJson(row.metadata, null),
    createdAt: row.created_at,
  };
}
