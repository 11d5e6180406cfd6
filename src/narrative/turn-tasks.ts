/**
 * What a turn queued, and how each task ended: its analysis and simulation, and their follow-ups
 * (note rewrites, entity records, embeddings), each with its state and outcome (done, already-done,
 * or skipped and why). The queues file every task a turn causes under its turn id; this finds the
 * turn by its session and number, as the API and the playground address turns.
 */
import type { MaintenanceQueue, TurnTask } from '../jobs/types.js';
import type { Store } from '../store/index.js';
import { notFound } from './errors.js';

export interface TurnTasks {
  sessionId: string;
  turn: { id: number; number: number };
  tasks: TurnTask[];
}

export class TurnTaskService {
  constructor(private readonly deps: { store: Store; queue: Pick<MaintenanceQueue, 'tasksOfTurn'> }) {}

  /** A session's turn `number` with its tasks, oldest first, at most `limit`; 404 for either unknown. */
  async list(sessionId: string, number: number, limit: number): Promise<TurnTasks> {
    const { store, queue } = this.deps;
    const session = await store.sessions.get(sessionId);
    if (!session) throw notFound('Session', sessionId);
    const turn = await store.sessions.turnByNumber(session.id, number);
    if (!turn) throw notFound('Turn', `${number} of session ${session.id}`);
    return {
      sessionId: session.id,
      turn: { id: turn.id, number: turn.number },
      tasks: await queue.tasksOfTurn(turn.id, limit),
    };
  }
}
