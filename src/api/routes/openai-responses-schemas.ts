/**
 * OpenAI's Responses API (POST /v1/responses): the request body Loremaster accepts and the response
 * object and stream events it answers with, as zod schemas. Strict: a field Loremaster cannot honour
 * is a 400 naming it, never ignored. Stored responses continue by `previous_response_id`; OpenAI's
 * server-side conversations (`conversation`) and `background` runs are refused.
 */
import { z } from 'zod';
import { responsesImagePart } from '../image-parts.js';
import { jsonSchemaObject } from '../json-schema-field.js';
import { textOrParts } from '../text-or-parts.js';
import { REASONING_EFFORTS } from './openai-schemas.js';
import { eventStream, sseEvent } from './stream-docs.js';

/** OpenAI's function names: letters, digits, `_` and `-`, at most 64. */
const functionName = z
  .string({ error: 'expected a function name (string)' })
  .regex(/^[a-zA-Z0-9_-]{1,64}$/, 'expected a function name of 1-64 letters, digits, _ or -');

const notStored =
  'Loremaster keeps no server-side conversations or background runs: send the conversation in `input`, or continue a stored response with `previous_response_id`';

/** Text parts: the client's (input_text) and the model's own, sent back (output_text, refusal). */
const contentPart = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('input_text'), text: z.string() }),
    z.strictObject({
      type: z.literal('output_text'),
      text: z.string(),
      annotations: z.array(z.unknown()).max(0, 'annotations are not supported').optional(),
      logprobs: z.array(z.unknown()).optional(),
    }),
    z.strictObject({ type: z.literal('refusal'), refusal: z.string() }),
    responsesImagePart,
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? 'expected an input_text, input_image, output_text or refusal part (input_file and input_audio are not supported)'
        : undefined,
  },
);

const messageItem = z.strictObject({
  type: z.literal('message').optional(),
  role: z.enum(['user', 'assistant', 'system', 'developer'], {
    error: 'expected a role of "user", "assistant", "system" or "developer"',
  }),
  content: textOrParts(z.array(contentPart)),
  // Sent back as they came with an earlier answer; they ask nothing of the model.
  id: z.string().optional(),
  status: z.enum(['in_progress', 'completed', 'incomplete']).optional(),
  phase: z.enum(['commentary', 'final_answer']).nullish(),
});

const functionCallItem = z.strictObject({
  type: z.literal('function_call'),
  call_id: z.string().min(1, 'expected the call id'),
  name: functionName,
  arguments: z.string(),
  id: z.string().optional(),
  status: z.enum(['in_progress', 'completed', 'incomplete']).optional(),
});

const functionCallOutputItem = z.strictObject({
  type: z.literal('function_call_output'),
  call_id: z.string().min(1, 'expected the id of the function call this answers'),
  output: textOrParts(
    z.array(
      z.discriminatedUnion(
        'type',
        [z.strictObject({ type: z.literal('input_text'), text: z.string() }), responsesImagePart],
        {
          error: (issue) =>
            issue.code === 'invalid_union'
              ? 'expected input_text or input_image parts (input_file is not supported)'
              : undefined,
        },
      ),
    ),
  ),
  id: z.string().nullish(),
  status: z.enum(['in_progress', 'completed', 'incomplete']).nullish(),
});

/** An item of an earlier answer by its id: resolved from the items this server answered with recently. */
const itemReference = z.strictObject({ type: z.literal('item_reference'), id: z.string().min(1) });

/**
 * The model's thinking of an earlier answer, sent back (openai-responses-reasoning.ts): its text, and
 * this server's packed block in `encrypted_content` when the answer included it.
 */
const reasoningInputItem = z.strictObject({
  type: z.literal('reasoning'),
  id: z.string().optional(),
  summary: z.array(z.strictObject({ type: z.literal('summary_text'), text: z.string() })).optional(),
  content: z.array(z.strictObject({ type: z.literal('reasoning_text'), text: z.string() })).nullish(),
  encrypted_content: z.string().nullish(),
  status: z.enum(['in_progress', 'completed', 'incomplete']).nullish(),
});

const ITEM_TYPES = ['message', 'function_call', 'function_call_output', 'item_reference', 'reasoning'];

/** One input item; a failure names the item's own problem, not zod's "Invalid input". */
const inputItem = z.union(
  [messageItem, functionCallItem, functionCallOutputItem, itemReference, reasoningInputItem],
  {
    error: (issue) => {
      if (issue.code !== 'invalid_union') return undefined;
      const input = issue.input as { type?: unknown } | null;
      if (typeof input !== 'object' || input === null || Array.isArray(input))
        return 'expected an item object';
      const type = input.type ?? 'message';
      const branch = typeof type === 'string' ? ITEM_TYPES.indexOf(type) : -1;
      if (branch < 0) {
        return `input items of type ${JSON.stringify(type)} are not supported (Loremaster takes message, function_call, function_call_output, item_reference and reasoning items)`;
      }
      const inner = issue.errors[branch]?.[0];
      if (!inner) return undefined;
      const where = inner.path.length > 0 ? `${inner.path.map(String).join('.')}: ` : '';
      const detail =
        inner.code === 'unrecognized_keys' ? `unknown field(s) ${inner.keys.join(', ')}` : inner.message;
      return `${where}${detail}`;
    },
  },
);

const functionTool = z.strictObject({
  type: z.literal('function'),
  name: functionName,
  description: z.string().nullish(),
  parameters: jsonSchemaObject.nullish(),
  strict: z.boolean().nullish(),
});

/**
 * A `tools` entry. Its issues end the request's checks (`continue: false`, as a wrong type does), so
 * the request-level check below only ever sees function tools.
 */
const tool = z.unknown().superRefine((value, context) => {
  const type = (value as { type?: unknown } | null)?.type;
  if (type !== 'function') {
    context.addIssue({
      code: 'custom',
      continue: false,
      message: `tools of type ${JSON.stringify(type ?? null)} are not supported: Loremaster runs no built-in tools (web_search, file_search, code_interpreter, …); declare a function tool`,
    });
    return;
  }
  const parsed = functionTool.safeParse(value);
  for (const issue of parsed.error?.issues ?? [])
    context.addIssue({
      code: 'custom',
      continue: false,
      path: issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path,
      message:
        issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message,
    });
}) as unknown as typeof functionTool;

const toolChoice = z.union(
  [z.enum(['none', 'auto', 'required']), z.strictObject({ type: z.literal('function'), name: functionName })],
  {
    error:
      'expected "none", "auto", "required" or {type: "function", name} (built-in tool choices are not supported)',
  },
);

const textFormat = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('text') }),
    z.strictObject({ type: z.literal('json_object') }),
    z.strictObject({
      type: z.literal('json_schema'),
      name: functionName,
      schema: jsonSchemaObject,
      description: z.string().nullish(),
      strict: z.boolean().nullish(),
    }),
  ],
  { error: 'expected a type of "text", "json_object" or "json_schema"' },
);

const refused = (message: string) => z.null({ error: message }).optional();

export const responseRequestSchema = z
  .strictObject({
    model: z.string({ error: 'expected a model name (string)' }).min(1, 'expected a model name'),
    input: z.union([z.string(), z.array(inputItem).min(1, 'expected at least one input item')], {
      error: (issue) => {
        if (issue.code !== 'invalid_union' || !Array.isArray(issue.input))
          return 'expected a string or an array of input items';
        // The client sent items: the problem is inside one of them, and the message says which.
        const inner = issue.errors[1]?.[0];
        if (!inner) return undefined;
        const [index, ...rest] = inner.path.map(String);
        const where =
          index === undefined ? '' : `item ${index}${rest.length ? ` (${rest.join('.')})` : ''}: `;
        return `${where}${inner.message}`;
      },
    }),
    instructions: z.string().nullish(),
    tools: z.array(tool).max(128).optional(),
    tool_choice: toolChoice.optional(),
    parallel_tool_calls: z.boolean().nullish(),
    text: z
      .strictObject({
        format: textFormat.optional(),
        verbosity: z
          .enum(['low', 'medium', 'high'], { error: 'expected "low", "medium" or "high"' })
          .nullish(),
      })
      .optional(),
    max_output_tokens: z.number().int().min(16, 'expected at least 16').nullish(),
    temperature: z.number().min(0).max(2).nullish(),
    top_p: z.number().min(0).max(1).nullish(),
    metadata: z.record(z.string().max(64), z.string().max(512)).nullish(),
    user: z.string().optional(),
    safety_identifier: z.string().max(64).nullish(),
    prompt_cache_key: z.string().nullish(),
    store: z.boolean().nullish(),
    stream: z.boolean().nullish(),
    stream_options: z
      .strictObject({
        include_obfuscation: z
          .literal(false, { error: 'Loremaster does not obfuscate stream events: send false or omit it' })
          .optional(),
      })
      .nullish(),
    reasoning: z
      .strictObject({
        effort: z
          .enum(REASONING_EFFORTS, {
            error: `expected one of ${REASONING_EFFORTS.map((effort) => `"${effort}"`).join(', ')}`,
          })
          .nullish(),
        summary: refused('reasoning summaries are not produced'),
        generate_summary: refused('reasoning summaries are not produced'),
      })
      .nullish(),
    service_tier: z.enum(['auto', 'default', 'flex', 'scale', 'priority']).nullish(),
    truncation: z.literal('disabled', { error: 'only "disabled" is supported' }).nullish(),
    // Agent SDKs ask for reasoning items' encrypted content on every stateless call: each reasoning
    // item then carries its whole thinking block (openai-responses-reasoning.ts).
    include: z
      .array(
        z.literal('reasoning.encrypted_content', {
          error: 'only "reasoning.encrypted_content" can be included',
        }),
      )
      .nullish(),
    top_logprobs: z.literal(0, { error: 'log probabilities are not supported on /v1/responses' }).nullish(),
    previous_response_id: z
      .string({ error: 'expected the id of a stored response (string)' })
      .min(1)
      .max(200)
      .nullish(),
    conversation: refused(notStored),
    background: z.literal(false, { error: `background responses are not supported: ${notStored}` }).nullish(),
  })
  .superRefine((body, context) => {
    const choice = body.tool_choice;
    if (typeof choice === 'object') {
      if (!body.tools?.some((entry) => entry.name === choice.name))
        context.addIssue({
          code: 'custom',
          path: ['tool_choice'],
          message: `names the function ${choice.name}, which is not in tools`,
        });
    } else if (choice === 'required' && !body.tools?.length) {
      context.addIssue({ code: 'custom', path: ['tool_choice'], message: '"required" needs tools' });
    }
    const names = new Set<string>();
    for (const [index, entry] of (body.tools ?? []).entries()) {
      if (names.has(entry.name))
        context.addIssue({
          code: 'custom',
          path: ['tools', index, 'name'],
          message: `${entry.name} is defined twice`,
        });
      names.add(entry.name);
    }
  });

export type ResponseRequest = z.infer<typeof responseRequestSchema>;
export type ResponseInputItem = z.infer<typeof inputItem>;

const outputText = z.object({
  type: z.literal('output_text'),
  text: z.string(),
  annotations: z.array(z.unknown()),
  logprobs: z.array(z.unknown()),
});

const messageOutput = z.object({
  type: z.literal('message'),
  id: z.string(),
  status: z.enum(['in_progress', 'completed', 'incomplete']),
  role: z.literal('assistant'),
  content: z.array(outputText),
});

const functionCallOutput = z.object({
  type: z.literal('function_call'),
  id: z.string(),
  call_id: z.string(),
  name: z.string(),
  arguments: z.string(),
  status: z.enum(['in_progress', 'completed', 'incomplete']),
});

const reasoningText = z.object({ type: z.literal('reasoning_text'), text: z.string() });

const reasoningOutput = z.object({
  type: z.literal('reasoning'),
  id: z.string(),
  summary: z.array(z.never()),
  content: z.array(reasoningText),
  encrypted_content: z
    .string()
    .optional()
    .describe(
      'With include: ["reasoning.encrypted_content"]: the whole thinking block, to send back as it is',
    ),
  status: z.enum(['in_progress', 'completed', 'incomplete']),
});

const outputItem = z.discriminatedUnion('type', [reasoningOutput, messageOutput, functionCallOutput]);

/** A `response` object (OpenAI's shape, plus Loremaster's `call_id` and `provider`). */
export const responseObjectSchema = z
  .object({
    id: z.string(),
    object: z.literal('response'),
    created_at: z.number().int(),
    status: z.enum(['completed', 'incomplete', 'in_progress', 'failed']),
    error: z.null(),
    incomplete_details: z.object({ reason: z.string() }).nullable(),
    instructions: z.string().nullable(),
    max_output_tokens: z.number().int().nullable(),
    model: z.string(),
    output: z.array(outputItem),
    parallel_tool_calls: z.boolean(),
    previous_response_id: z.string().nullable(),
    reasoning: z.object({ effort: z.string().nullable(), summary: z.null() }),
    store: z.boolean(),
    temperature: z.number().nullable(),
    text: z.object({ format: z.record(z.string(), z.unknown()) }),
    tool_choice: z.unknown(),
    tools: z.array(z.record(z.string(), z.unknown())),
    top_p: z.number().nullable(),
    truncation: z.literal('disabled'),
    usage: z
      .object({
        input_tokens: z.number().int(),
        input_tokens_details: z.object({ cached_tokens: z.number().int() }),
        output_tokens: z.number().int(),
        output_tokens_details: z.object({ reasoning_tokens: z.number().int() }),
        total_tokens: z.number().int(),
      })
      .nullable(),
    user: z.string().nullable(),
    metadata: z.record(z.string(), z.string()),
    call_id: z.string().optional().describe("Loremaster's id for the call: what POST /llm/feedback takes"),
    provider: z.string().optional(),
  })
  .meta({ id: 'Response' });

const sequenced = { sequence_number: z.number().int() };
const at = { item_id: z.string(), output_index: z.number().int() };
const part = { ...at, content_index: z.number().int() };

/** `stream: true`: OpenAI's Responses events, each named by its type and numbered. */
export const responseStreamSchema = eventStream([
  ...(['response.created', 'response.in_progress', 'response.completed', 'response.incomplete'] as const).map(
    (type) =>
      sseEvent(type, z.object({ type: z.literal(type), response: responseObjectSchema, ...sequenced })),
  ),
  ...(['response.output_item.added', 'response.output_item.done'] as const).map((type) =>
    sseEvent(
      type,
      z.object({ type: z.literal(type), output_index: z.number().int(), item: outputItem, ...sequenced }),
    ),
  ),
  ...(['response.content_part.added', 'response.content_part.done'] as const).map((type) =>
    sseEvent(
      type,
      z.object({
        type: z.literal(type),
        ...part,
        part: z.discriminatedUnion('type', [outputText, reasoningText]),
        ...sequenced,
      }),
    ),
  ),
  sseEvent(
    'response.reasoning_text.delta',
    z.object({ type: z.literal('response.reasoning_text.delta'), ...part, delta: z.string(), ...sequenced }),
  ),
  sseEvent(
    'response.reasoning_text.done',
    z.object({ type: z.literal('response.reasoning_text.done'), ...part, text: z.string(), ...sequenced }),
  ),
  sseEvent(
    'response.output_text.delta',
    z.object({
      type: z.literal('response.output_text.delta'),
      ...part,
      delta: z.string(),
      logprobs: z.array(z.unknown()),
      ...sequenced,
    }),
  ),
  sseEvent(
    'response.output_text.done',
    z.object({
      type: z.literal('response.output_text.done'),
      ...part,
      text: z.string(),
      logprobs: z.array(z.unknown()),
      ...sequenced,
    }),
  ),
  sseEvent(
    'response.function_call_arguments.delta',
    z.object({
      type: z.literal('response.function_call_arguments.delta'),
      ...at,
      delta: z.string(),
      ...sequenced,
    }),
  ),
  sseEvent(
    'response.function_call_arguments.done',
    z.object({
      type: z.literal('response.function_call_arguments.done'),
      ...at,
      name: z.string(),
      arguments: z.string(),
      ...sequenced,
    }),
  ),
  sseEvent(
    'error',
    z.object({
      type: z.literal('error'),
      code: z.string().nullable(),
      message: z.string(),
      param: z.string().nullable(),
      ...sequenced,
    }),
  ),
] as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]]);
