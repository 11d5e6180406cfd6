/** Every repository, bound to one database handle (the pool, or a transaction). */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { ApiKeyRepository } from './api-keys.js';
import { BatchRepository } from './batches.js';
import { CallRepository } from './calls.js';
import { ContentRepository } from './content.js';
import { ContextRepository } from './context.js';
import { ConversationRepository } from './conversations.js';
import { EmbeddingRepository } from './embeddings.js';
import { EventRepository } from './events.js';
import { FeedbackRepository } from './feedback.js';
import { IdempotencyKeyRepository } from './idempotency-keys.js';
import { ImageRepository } from './images.js';
import { IntegrationRepository } from './integrations.js';
import { KnowledgeRepository } from './knowledge.js';
import { LiveStateRepository } from './live-state.js';
import { MaintenanceRepository } from './maintenance.js';
import { PromptRepository } from './prompts.js';
import { SessionRepository } from './sessions.js';
import { StoredResponseRepository } from './stored-responses.js';
import { VectorChangeRepository } from './vector-changes.js';
import { WebhookRepository } from './webhooks.js';
import { WorldRepository } from './worlds.js';

export class Repositories {
  readonly calls: CallRepository;
  readonly conversations: ConversationRepository;
  readonly prompts: PromptRepository;
  readonly context: ContextRepository;
  readonly events: EventRepository;
  readonly integrations: IntegrationRepository;
  readonly worlds: WorldRepository;
  readonly sessions: SessionRepository;
  readonly maintenance: MaintenanceRepository;
  readonly embeddings: EmbeddingRepository;
  readonly feedback: FeedbackRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly content: ContentRepository;
  readonly images: ImageRepository;
  readonly knowledge: KnowledgeRepository;
  readonly webhooks: WebhookRepository;
  readonly liveState: LiveStateRepository;
  readonly vectorChanges: VectorChangeRepository;
  readonly batches: BatchRepository;
  readonly storedResponses: StoredResponseRepository;
  readonly idempotencyKeys: IdempotencyKeyRepository;

  constructor(db: Kysely<Database>) {
    this.calls = new CallRepository(db);
    this.conversations = new ConversationRepository(db);
    this.prompts = new PromptRepository(db);
    this.context = new ContextRepository(db);
    this.events = new EventRepository(db);
    this.integrations = new IntegrationRepository(db);
    this.worlds = new WorldRepository(db);
    this.sessions = new SessionRepository(db);
    this.maintenance = new MaintenanceRepository(db);
    this.embeddings = new EmbeddingRepository(db);
    this.feedback = new FeedbackRepository(db);
    this.apiKeys = new ApiKeyRepository(db);
    this.content = new ContentRepository(db);
    this.images = new ImageRepository(db);
    this.knowledge = new KnowledgeRepository(db);
    this.webhooks = new WebhookRepository(db);
    this.liveState = new LiveStateRepository(db);
    this.vectorChanges = new VectorChangeRepository(db);
    this.batches = new BatchRepository(db);
    this.storedResponses = new StoredResponseRepository(db);
    this.idempotencyKeys = new IdempotencyKeyRepository(db);
  }
}
