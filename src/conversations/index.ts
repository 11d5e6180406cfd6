export {
  type ContextAction,
  type ContextPlan,
  type ContextReport,
  planContext,
  type Summarizer,
  summaryPrompt,
} from './context.js';
export { ConversationError } from './errors.js';
export {
  type AnsweredTurn,
  type AnswerSink,
  type ConversationList,
  type ConversationListQuery,
  ConversationService,
  type ConversationServiceDeps,
  type DescribeFailure,
  type MessageInput,
  type MessagePage,
  type MessagePageQuery,
  type NewConversationInput,
  type StreamEnd,
  type StreamStart,
  type TurnListener,
} from './service.js';
