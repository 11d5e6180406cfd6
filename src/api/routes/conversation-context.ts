/**
 * Context planning lives in the conversation service (src/conversations/context.ts). This re-export
 * keeps the path test/api/conversations.test.ts imports `planContext` from.
 */
export {
  type ContextAction,
  type ContextPlan,
  type ContextReport,
  planContext,
  type Summarizer,
  summaryPrompt,
} from '../../conversations/index.js';
