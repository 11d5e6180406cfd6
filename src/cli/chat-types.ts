/** What `loremaster chat` asks of a conversation, with a model or in a world session. */

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface ChatReply {
  /** The reply as `--json` prints it (one line per reply). */
  json: Record<string, unknown>;
  /** Printed after the streamed text (a world session's panel). */
  after?: string;
}

export interface ChatConversation {
  /** One line on stderr when the chat starts: who is talking where. */
  banner: string;
  /** Reaches the server (and finds the world and session) before the first line is read. */
  start(): Promise<void>;
  /** Sends one line; `onDelta` gets the answer as it is written. */
  send(input: string, onDelta: (text: string) => void): Promise<ChatReply>;
  /** The last panel, for `/panel` (undefined: this conversation has none). */
  panel(): { text: string; json: unknown } | undefined;
  /** `/reset`: what was done, or undefined when the conversation cannot forget. */
  reset(): string | undefined;
  /** The final summary (`--json`: the last line; else a line on stderr). */
  summary(): Record<string, unknown>;
}
