/**
 * The types of Loremaster's HTTP API, generated from its OpenAPI document by openapi-typescript.
 * Do not edit: run `npm run client:generate` (a test fails when this file and the document differ).
 */
export interface paths {
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This OpenAPI 3.1 document
         * @description Scope: public (no API key needed).
         */
        get: operations["getOpenapiJson"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * This OpenAPI 3.1 document
         * @description Scope: public (no API key needed).
         */
        head: operations["headOpenapiJson"];
        patch?: never;
        trace?: never;
    };
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The API explorer (Swagger UI over /openapi.json)
         * @description Scope: public (no API key needed).
         */
        get: operations["getDocs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * The API explorer (Swagger UI over /openapi.json)
         * @description Scope: public (no API key needed).
         */
        head: operations["headDocs"];
        patch?: never;
        trace?: never;
    };
    "/docs/static/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The API explorer's files
         * @description Scope: public (no API key needed).
         */
        get: operations["getDocsStaticFile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * The API explorer's files
         * @description Scope: public (no API key needed).
         */
        head: operations["headDocsStaticFile"];
        patch?: never;
        trace?: never;
    };
    "/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The web dashboard (its API calls need a key when keys are set)
         * @description Scope: public (no API key needed).
         */
        get: operations["getRoot"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * The web dashboard (its API calls need a key when keys are set)
         * @description Scope: public (no API key needed).
         */
        head: operations["headRoot"];
        patch?: never;
        trace?: never;
    };
    "/dashboard/assets/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The dashboard's bundled files (scripts, styles)
         * @description Scope: public (no API key needed).
         */
        get: operations["getDashboardAssetsFile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * The dashboard's bundled files (scripts, styles)
         * @description Scope: public (no API key needed).
         */
        head: operations["headDashboardAssetsFile"];
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The server, each role and each provider: ok, degraded or down (503 when down)
         * @description Scope: read (any API key).
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * The server, each role and each provider: ok, degraded or down (503 when down)
         * @description Scope: read (any API key).
         */
        head: operations["headHealth"];
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness: the process serves HTTP
         * @description Scope: public (no API key needed).
         */
        get: operations["getHealthLive"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * Liveness: the process serves HTTP
         * @description Scope: public (no API key needed).
         */
        head: operations["headHealthLive"];
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness: the store answers and its migrations are applied
         * @description Scope: public (no API key needed).
         */
        get: operations["getHealthReady"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * Readiness: the store answers and its migrations are applied
         * @description Scope: public (no API key needed).
         */
        head: operations["headHealthReady"];
        patch?: never;
        trace?: never;
    };
    "/v1/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every name accepted as `model`: roles, providers, provider/model, model ids
         * @description Scope: read (any API key).
         */
        get: operations["getV1Models"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * Every name accepted as `model`: roles, providers, provider/model, model ids
         * @description Scope: read (any API key).
         */
        head: operations["headV1Models"];
        patch?: never;
        trace?: never;
    };
    "/v1/models/{*}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One model name (it may hold slashes: openai/gpt-4o-mini)
         * @description Scope: read (any API key).
         */
        get: operations["getV1ModelsAny"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * One model name (it may hold slashes: openai/gpt-4o-mini)
         * @description Scope: read (any API key).
         */
        head: operations["headV1ModelsAny"];
        patch?: never;
        trace?: never;
    };
    "/v1/chat/completions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * OpenAI's chat completions, plain or streamed (SSE ending in data: [DONE])
         * @description Scope: game (a game or admin key).
         */
        post: operations["postV1ChatCompletions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Anthropic's Messages API over any provider, plain or streamed (Anthropic's SSE events)
         * @description Scope: game (a game or admin key).
         */
        post: operations["postV1Messages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/messages/count_tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Tokens of a request's system, messages and tools (o200k count)
         * @description Scope: game (a game or admin key).
         */
        post: operations["postV1MessagesCountTokens"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/responses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * OpenAI's Responses API over any provider, plain or streamed (the Responses SSE events)
         * @description Scope: game (a game or admin key).
         */
        post: operations["postV1Responses"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/responses/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A stored response, as it was answered (404 when it was not stored, was deleted or expired)
         * @description Scope: game (a game or admin key).
         */
        get: operations["getV1ResponsesId"];
        put?: never;
        post?: never;
        /**
         * Deletes a stored response: it can no longer be read or continued
         * @description Scope: game (a game or admin key).
         */
        delete: operations["deleteV1ResponsesId"];
        options?: never;
        /**
         * A stored response, as it was answered (404 when it was not stored, was deleted or expired)
         * @description Scope: game (a game or admin key).
         */
        head: operations["headV1ResponsesId"];
        patch?: never;
        trace?: never;
    };
    "/v1/responses/{id}/input_items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A stored response's input items, a page at a time
         * @description Scope: game (a game or admin key).
         */
        get: operations["getV1ResponsesIdInputItems"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * A stored response's input items, a page at a time
         * @description Scope: game (a game or admin key).
         */
        head: operations["headV1ResponsesIdInputItems"];
        patch?: never;
        trace?: never;
    };
    "/v1/completions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * OpenAI's legacy text completions over any provider, plain or streamed (SSE ending in data: [DONE])
         * @description Scope: game (a game or admin key).
         */
        post: operations["postV1Completions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/chat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ollama's chat over any provider: one answer, or (the default) its pieces as NDJSON
         * @description Scope: game (a game or admin key).
         */
        post: operations["postApiChat"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/generate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ollama's text generation over any provider (raw: a text completion); NDJSON by default
         * @description Scope: game (a game or admin key).
         */
        post: operations["postApiGenerate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every name a client may send as `model`, in Ollama’s model list shape
         * @description Scope: read (any API key).
         */
        get: operations["getApiTags"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * Every name a client may send as `model`, in Ollama’s model list shape
         * @description Scope: read (any API key).
         */
        head: operations["headApiTags"];
        patch?: never;
        trace?: never;
    };
    "/api/ps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The models ready to answer (all of them: Loremaster loads none)
         * @description Scope: read (any API key).
         */
        get: operations["getApiPs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * The models ready to answer (all of them: Loremaster loads none)
         * @description Scope: read (any API key).
         */
        head: operations["headApiPs"];
        patch?: never;
        trace?: never;
    };
    "/api/show": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * One model: its provider and what it can do
         * @description Scope: read (any API key).
         */
        post: operations["postApiShow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/version": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The Ollama API version these routes follow
         * @description Scope: public (no API key needed).
         */
        get: operations["getApiVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * The Ollama API version these routes follow
         * @description Scope: public (no API key needed).
         */
        head: operations["headApiVersion"];
        patch?: never;
        trace?: never;
    };
    "/api/pull": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A model Loremaster routes is already here: `success`, as Ollama answers for a model it has
         * @description Scope: read (any API key).
         */
        post: operations["postApiPull"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/push": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ollama's model push: not served (Loremaster keeps no model files)
         * @description Scope: game (a game or admin key).
         */
        post: operations["postApiPush"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/create": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ollama's model create: not served (models are routed by config)
         * @description Scope: game (a game or admin key).
         */
        post: operations["postApiCreate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/copy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ollama's model copy: not served (models are routed by config)
         * @description Scope: game (a game or admin key).
         */
        post: operations["postApiCopy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/delete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Ollama's model delete: not served (models are routed by config)
         * @description Scope: game (a game or admin key).
         */
        delete: operations["deleteApiDelete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/completion": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * llama.cpp's native completion over any provider: plain, or streamed as server-sent events
         * @description Scope: game (a game or admin key).
         */
        post: operations["postCompletion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/completions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * /completion under llama.cpp's other name
         * @description Scope: game (a game or admin key).
         */
        post: operations["postCompletions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/props": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * llama-server's properties: the generation role's model and context window
         * @description Scope: read (any API key).
         */
        get: operations["getProps"];
        put?: never;
        /**
         * llama-server's change of global properties: not served (as llama-server without --props)
         * @description Scope: game (a game or admin key).
         */
        post: operations["postProps"];
        delete?: never;
        options?: never;
        /**
         * llama-server's properties: the generation role's model and context window
         * @description Scope: read (any API key).
         */
        head: operations["headProps"];
        patch?: never;
        trace?: never;
    };
    "/slots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * llama-server's slots: Loremaster has none (answered as llama-server with --no-slots)
         * @description Scope: read (any API key).
         */
        get: operations["getSlots"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * llama-server's slots: Loremaster has none (answered as llama-server with --no-slots)
         * @description Scope: read (any API key).
         */
        head: operations["headSlots"];
        patch?: never;
        trace?: never;
    };
    "/slots/{id_slot}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * llama-server's slot actions (save, restore, erase): Loremaster has no slots
         * @description Scope: game (a game or admin key).
         */
        post: operations["postSlotsIdSlot"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/infill": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * llama.cpp's code infill: not served (the model's fill-in-the-middle tokens are not known)
         * @description Scope: game (a game or admin key).
         */
        post: operations["postInfill"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apply-template": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * llama.cpp's chat template: not served (the model's template is its provider's)
         * @description Scope: game (a game or admin key).
         */
        post: operations["postApplyTemplate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tokenize": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Token ids of a text, in llama.cpp's or vLLM's form (o200k: the tokenizer Loremaster counts with)
         * @description Scope: game (a game or admin key).
         */
        post: operations["postTokenize"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/detokenize": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The text of o200k token ids
         * @description Scope: game (a game or admin key).
         */
        post: operations["postDetokenize"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokenize": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Aphrodite's token count (vLLM's form): o200k ids
         * @description Scope: game (a game or admin key).
         */
        post: operations["postV1Tokenize"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/internal/encode": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * text-generation-webui's and TabbyAPI's token ids of a text: o200k ids
         * @description Scope: game (a game or admin key).
         */
        post: operations["postV1InternalEncode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/token/encode": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * text-generation-webui's and TabbyAPI's token ids of a text: o200k ids
         * @description Scope: game (a game or admin key).
         */
        post: operations["postV1TokenEncode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/extra/tokencount": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * KoboldCpp's token count: o200k ids
         * @description Scope: game (a game or admin key).
         */
        post: operations["postApiExtraTokencount"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/model/list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * TabbyAPI's model list: every name accepted as `model`, as /v1/models
         * @description Scope: read (any API key).
         */
        get: operations["getV1ModelList"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * TabbyAPI's model list: every name accepted as `model`, as /v1/models
         * @description Scope: read (any API key).
         */
        head: operations["headV1ModelList"];
        patch?: never;
        trace?: never;
    };
    "/v1/model": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * TabbyAPI's loaded model: the generation role, which answers a request without a model
         * @description Scope: read (any API key).
         */
        get: operations["getV1Model"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * TabbyAPI's loaded model: the generation role, which answers a request without a model
         * @description Scope: read (any API key).
         */
        head: operations["headV1Model"];
        patch?: never;
        trace?: never;
    };
    "/v1/internal/model/info": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * text-generation-webui's loaded model: the generation role
         * @description Scope: read (any API key).
         */
        get: operations["getV1InternalModelInfo"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * text-generation-webui's loaded model: the generation role
         * @description Scope: read (any API key).
         */
        head: operations["headV1InternalModelInfo"];
        patch?: never;
        trace?: never;
    };
    "/api/v1/generate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * KoboldCpp's generation over any provider: the text, whole
         * @description Scope: game (a game or admin key).
         */
        post: operations["postApiV1Generate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/extra/generate/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * KoboldCpp's generation over any provider, streamed as KoboldCpp streams
         * @description Scope: game (a game or admin key).
         */
        post: operations["postApiExtraGenerateStream"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/extra/generate/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The text so far of the caller's generation sent with this genkey (or of its only one)
         * @description Scope: game (a game or admin key).
         */
        get: operations["getApiExtraGenerateCheck"];
        put?: never;
        /**
         * The text so far of the caller's generation sent with this genkey (or of its only one)
         * @description Scope: game (a game or admin key).
         */
        post: operations["postApiExtraGenerateCheck"];
        delete?: never;
        options?: never;
        /**
         * The text so far of the caller's generation sent with this genkey (or of its only one)
         * @description Scope: game (a game or admin key).
         */
        head: operations["headApiExtraGenerateCheck"];
        patch?: never;
        trace?: never;
    };
    "/api/extra/abort": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stops the caller's generation sent with this genkey (or its only one): the upstream call is cancelled
         * @description Scope: game (a game or admin key).
         */
        post: operations["postApiExtraAbort"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/config/max_context_length": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The context window of the generation role's model
         * @description Scope: read (any API key).
         */
        get: operations["getApiV1ConfigMaxContextLength"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * The context window of the generation role's model
         * @description Scope: read (any API key).
         */
        head: operations["headApiV1ConfigMaxContextLength"];
        patch?: never;
        trace?: never;
    };
    "/api/extra/true_max_context_length": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The context window of the generation role's model
         * @description Scope: read (any API key).
         */
        get: operations["getApiExtraTrueMaxContextLength"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * The context window of the generation role's model
         * @description Scope: read (any API key).
         */
        head: operations["headApiExtraTrueMaxContextLength"];
        patch?: never;
        trace?: never;
    };
    "/api/v1/config/max_length": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Tokens a generation writes when it names no max_length (the generation role's max_tokens)
         * @description Scope: read (any API key).
         */
        get: operations["getApiV1ConfigMaxLength"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * Tokens a generation writes when it names no max_length (the generation role's max_tokens)
         * @description Scope: read (any API key).
         */
        head: operations["headApiV1ConfigMaxLength"];
        patch?: never;
        trace?: never;
    };
    "/api/v1/model": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The model KoboldCpp clients are answered by: the generation role
         * @description Scope: read (any API key).
         */
        get: operations["getApiV1Model"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * The model KoboldCpp clients are answered by: the generation role
         * @description Scope: read (any API key).
         */
        head: operations["headApiV1Model"];
        patch?: never;
        trace?: never;
    };
    "/api/v1/info/version": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The KoboldAI United API level served
         * @description Scope: read (any API key).
         */
        get: operations["getApiV1InfoVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * The KoboldAI United API level served
         * @description Scope: read (any API key).
         */
        head: operations["headApiV1InfoVersion"];
        patch?: never;
        trace?: never;
    };
    "/api/extra/version": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The KoboldCpp version these routes answer as (clients turn features on by it)
         * @description Scope: read (any API key).
         */
        get: operations["getApiExtraVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * The KoboldCpp version these routes answer as (clients turn features on by it)
         * @description Scope: read (any API key).
         */
        head: operations["headApiExtraVersion"];
        patch?: never;
        trace?: never;
    };
    "/llm/analytics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Usage roll-ups: totals, groups and a series by hour or day
         * @description Scope: read (any API key).
         */
        get: operations["getLlmAnalytics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * Usage roll-ups: totals, groups and a series by hour or day
         * @description Scope: read (any API key).
         */
        head: operations["headLlmAnalytics"];
        patch?: never;
        trace?: never;
    };
    "/llm/analytics/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The usage roll-ups as a plain-text report a person reads
         * @description Scope: read (any API key).
         */
        get: operations["getLlmAnalyticsReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * The usage roll-ups as a plain-text report a person reads
         * @description Scope: read (any API key).
         */
        head: operations["headLlmAnalyticsReport"];
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics (text exposition format)
         * @description Scope: read (any API key).
         */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * Prometheus metrics (text exposition format)
         * @description Scope: read (any API key).
         */
        head: operations["headMetrics"];
        patch?: never;
        trace?: never;
    };
    "/metrics/detailed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Usage totals, budgets and every gateway middleware's stats
         * @description Scope: read (any API key).
         */
        get: operations["getMetricsDetailed"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * Usage totals, budgets and every gateway middleware's stats
         * @description Scope: read (any API key).
         */
        head: operations["headMetricsDetailed"];
        patch?: never;
        trace?: never;
    };
    "/llm/conversation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a conversation (system prompt, model or role, world and session, metadata)
         * @description Scope: game (a game or admin key).
         */
        post: operations["postLlmConversation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/llm/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Conversations, newest first (?limit, ?cursor, ?metadata.<key>=<value>)
         * @description Scope: read (any API key).
         */
        get: operations["getLlmConversations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * Conversations, newest first (?limit, ?cursor, ?metadata.<key>=<value>)
         * @description Scope: read (any API key).
         */
        head: operations["headLlmConversations"];
        patch?: never;
        trace?: never;
    };
    "/llm/conversations/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Full-text search over messages and titles: ranked hits with highlighted snippets
         * @description Scope: read (any API key).
         */
        get: operations["getLlmConversationsSearch"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * Full-text search over messages and titles: ranked hits with highlighted snippets
         * @description Scope: read (any API key).
         */
        head: operations["headLlmConversationsSearch"];
        patch?: never;
        trace?: never;
    };
    "/llm/conversation/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A conversation and its messages, a page at a time (?limit, ?after)
         * @description Scope: read (any API key).
         */
        get: operations["getLlmConversationId"];
        put?: never;
        post?: never;
        /**
         * Archive a conversation
         * @description Scope: game (a game or admin key).
         */
        delete: operations["deleteLlmConversationId"];
        options?: never;
        /**
         * A conversation and its messages, a page at a time (?limit, ?after)
         * @description Scope: read (any API key).
         */
        head: operations["headLlmConversationId"];
        patch?: never;
        trace?: never;
    };
    "/llm/conversation/{id}/message": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a message and get the model's answer (stored); `stream: true` for SSE
         * @description With `stream: true`: `data:` events `start`, `delta`…, `done` (the stored message), then `data: [DONE]`; a failure after the first byte is an error event.
         *
         *     Scope: game (a game or admin key).
         */
        post: operations["postLlmConversationIdMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/worlds/{id}/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Hybrid retrieval over a world's lore and memories, each result with why it was found
         * @description Scope: read (any API key).
         */
        post: operations["postWorldsIdSearch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/llm/calls": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The call log, newest first: provider, model, role, latency, tokens, cost, status
         * @description Scope: admin (an admin key).
         */
        get: operations["getLlmCalls"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * The call log, newest first: provider, model, role, latency, tokens, cost, status
         * @description Scope: admin (an admin key).
         */
        head: operations["headLlmCalls"];
        patch?: never;
        trace?: never;
    };
    "/llm/calls/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One call, with its request and answer when the log kept them
         * @description Scope: admin (an admin key).
         */
        get: operations["getLlmCallsId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * One call, with its request and answer when the log kept them
         * @description Scope: admin (an admin key).
         */
        head: operations["headLlmCallsId"];
        patch?: never;
        trace?: never;
    };
    "/llm/calls/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a logged call's request again, and answer with both calls
         * @description Scope: admin (an admin key).
         */
        post: operations["postLlmCallsIdReplay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/embeddings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * OpenAI's embeddings; model `embedding` gives the vectors world memory stores
         * @description Scope: game (a game or admin key).
         */
        post: operations["postV1Embeddings"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/embed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ollama's embeddings; model `embedding` gives the vectors world memory stores
         * @description Scope: game (a game or admin key).
         */
        post: operations["postApiEmbed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/embeddings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ollama's older embeddings route: one prompt, one vector
         * @description Scope: game (a game or admin key).
         */
        post: operations["postApiEmbeddings"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/embedding": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * llama.cpp's native embeddings; model `embedding` (the default) gives the vectors world memory stores
         * @description Scope: game (a game or admin key).
         */
        post: operations["postEmbedding"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/embeddings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * /embedding under llama.cpp's other name
         * @description Scope: game (a game or admin key).
         */
        post: operations["postEmbeddings"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/llm/prompts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every prompt with its active version
         * @description Scope: read (any API key).
         */
        get: operations["getLlmPrompts"];
        put?: never;
        /**
         * A new version of a prompt (creating it), checked; active unless activate is false
         * @description Scope: admin (an admin key).
         */
        post: operations["postLlmPrompts"];
        delete?: never;
        options?: never;
        /**
         * Every prompt with its active version
         * @description Scope: read (any API key).
         */
        head: operations["headLlmPrompts"];
        patch?: never;
        trace?: never;
    };
    "/llm/prompts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A prompt (by id or name) with every version
         * @description Scope: read (any API key).
         */
        get: operations["getLlmPromptsId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * A prompt (by id or name) with every version
         * @description Scope: read (any API key).
         */
        head: operations["headLlmPromptsId"];
        patch?: never;
        trace?: never;
    };
    "/llm/prompts/{id}/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make a version the active one
         * @description Scope: admin (an admin key).
         */
        post: operations["postLlmPromptsIdActivate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/llm/prompts/{id}/render": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Preview: the messages a call would send (no model call)
         * @description Scope: read (any API key).
         */
        post: operations["postLlmPromptsIdRender"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/llm/prompts/{id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Render and call the model; the call log records the version
         * @description Scope: game (a game or admin key).
         */
        post: operations["postLlmPromptsIdComplete"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/llm/prompts/{id}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Calls and feedback per version, provider variant and A/B arm
         * @description Scope: read (any API key).
         */
        get: operations["getLlmPromptsIdStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * Calls and feedback per version, provider variant and A/B arm
         * @description Scope: read (any API key).
         */
        head: operations["headLlmPromptsIdStats"];
        patch?: never;
        trace?: never;
    };
    "/llm/feedback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A rating (1-5) or thumbs (up = 5, down = 1) on a call, by its call id
         * @description Scope: game (a game or admin key).
         */
        post: operations["postLlmFeedback"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/llm/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The webhooks (never their secrets)
         * @description Scope: admin (an admin key).
         */
        get: operations["getLlmWebhooks"];
        put?: never;
        /**
         * Create a webhook (its signing secret is in this answer only)
         * @description Scope: admin (an admin key).
         */
        post: operations["postLlmWebhooks"];
        delete?: never;
        options?: never;
        /**
         * The webhooks (never their secrets)
         * @description Scope: admin (an admin key).
         */
        head: operations["headLlmWebhooks"];
        patch?: never;
        trace?: never;
    };
    "/llm/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One webhook, with counts of its deliveries
         * @description Scope: admin (an admin key).
         */
        get: operations["getLlmWebhooksId"];
        put?: never;
        post?: never;
        /**
         * Delete a webhook and its deliveries
         * @description Scope: admin (an admin key).
         */
        delete: operations["deleteLlmWebhooksId"];
        options?: never;
        /**
         * One webhook, with counts of its deliveries
         * @description Scope: admin (an admin key).
         */
        head: operations["headLlmWebhooksId"];
        /**
         * Change a webhook; rotate_secret: a new secret, in this answer only
         * @description Scope: admin (an admin key).
         */
        patch: operations["patchLlmWebhooksId"];
        trace?: never;
    };
    "/llm/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A webhook's deliveries, newest first
         * @description Scope: admin (an admin key).
         */
        get: operations["getLlmWebhooksIdDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * A webhook's deliveries, newest first
         * @description Scope: admin (an admin key).
         */
        head: operations["headLlmWebhooksIdDeliveries"];
        patch?: never;
        trace?: never;
    };
    "/llm/webhooks/{id}/deliveries/{deliveryId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One delivery, with the body it sends
         * @description Scope: admin (an admin key).
         */
        get: operations["getLlmWebhooksIdDeliveriesDeliveryId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * One delivery, with the body it sends
         * @description Scope: admin (an admin key).
         */
        head: operations["headLlmWebhooksIdDeliveriesDeliveryId"];
        patch?: never;
        trace?: never;
    };
    "/llm/webhooks/{id}/deliveries/{deliveryId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a delivery again now, with a fresh set of attempts
         * @description Scope: admin (an admin key).
         */
        post: operations["postLlmWebhooksIdDeliveriesDeliveryIdRetry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/worlds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List worlds
         * @description Scope: read (any API key).
         */
        get: operations["getWorlds"];
        put?: never;
        /**
         * Create a world
         * @description What the narrator later reads is checked now: `settings.player.name` at most 200 characters, `settings.state` a bounded JSON object, `settings.theme` genre and tone as text.
         *
         *     Scope: game (a game or admin key).
         */
        post: operations["postWorlds"];
        delete?: never;
        options?: never;
        /**
         * List worlds
         * @description Scope: read (any API key).
         */
        head: operations["headWorlds"];
        patch?: never;
        trace?: never;
    };
    "/worlds/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import a world from one file (Loremaster world file, SillyTavern card, lorebook, World Info)
         * @description The body is the file: JSON (application/json), or a PNG or CHARX character card as its bytes (image/png, application/zip). Its format is detected; `name` overrides the world name. Cards with large pictures are welcome: the body may be `server.import_body_limit_bytes` long.
         *
         *     Scope: admin (an admin key).
         */
        post: operations["postWorldsImport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/worlds/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export a world as a SillyTavern file (card V2/V3, as JSON or PNG; lorebook; World Info)
         * @description Scope: read (any API key).
         */
        get: operations["getWorldsIdExport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * Export a world as a SillyTavern file (card V2/V3, as JSON or PNG; lorebook; World Info)
         * @description Scope: read (any API key).
         */
        head: operations["headWorldsIdExport"];
        patch?: never;
        trace?: never;
    };
    "/worlds/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One world
         * @description Scope: read (any API key).
         */
        get: operations["getWorldsId"];
        put?: never;
        post?: never;
        /**
         * Remove a world, its sessions and their data
         * @description Scope: admin (an admin key).
         */
        delete: operations["deleteWorldsId"];
        options?: never;
        /**
         * One world
         * @description Scope: read (any API key).
         */
        head: operations["headWorldsId"];
        /**
         * Change a world's name, description, theme or settings (merge-patches)
         * @description Scope: game (a game or admin key).
         */
        patch: operations["patchWorldsId"];
        trace?: never;
    };
    "/worlds/{id}/entities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A world's entities (canon, or as a session sees them)
         * @description Scope: read (any API key).
         */
        get: operations["getWorldsIdEntities"];
        put?: never;
        /**
         * Create an entity (character, location, item, …) in a world
         * @description Scope: game (a game or admin key).
         */
        post: operations["postWorldsIdEntities"];
        delete?: never;
        options?: never;
        /**
         * A world's entities (canon, or as a session sees them)
         * @description Scope: read (any API key).
         */
        head: operations["headWorldsIdEntities"];
        patch?: never;
        trace?: never;
    };
    "/worlds/{id}/entities/{entityId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One entity (canon, or as a session sees it)
         * @description Scope: read (any API key).
         */
        get: operations["getWorldsIdEntitiesEntityId"];
        put?: never;
        post?: never;
        /**
         * Remove an entity (with session_id: in that session only)
         * @description Scope: game (a game or admin key).
         */
        delete: operations["deleteWorldsIdEntitiesEntityId"];
        options?: never;
        /**
         * One entity (canon, or as a session sees it)
         * @description Scope: read (any API key).
         */
        head: operations["headWorldsIdEntitiesEntityId"];
        /**
         * Change an entity (with session_id: in that session only; canon stays)
         * @description Scope: game (a game or admin key).
         */
        patch: operations["patchWorldsIdEntitiesEntityId"];
        trace?: never;
    };
    "/worlds/{id}/entities/{entityId}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An entity's versions, every scope's
         * @description Scope: read (any API key).
         */
        get: operations["getWorldsIdEntitiesEntityIdVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * An entity's versions, every scope's
         * @description Scope: read (any API key).
         */
        head: operations["headWorldsIdEntitiesEntityIdVersions"];
        patch?: never;
        trace?: never;
    };
    "/worlds/{id}/entities/{entityId}/knowledge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What a character knows in a session, and how it learned it
         * @description Scope: read (any API key).
         */
        get: operations["getWorldsIdEntitiesEntityIdKnowledge"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * What a character knows in a session, and how it learned it
         * @description Scope: read (any API key).
         */
        head: operations["headWorldsIdEntitiesEntityIdKnowledge"];
        patch?: never;
        trace?: never;
    };
    "/sessions/{id}/promote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make a play-through's entities and versions canon
         * @description Scope: game (a game or admin key).
         */
        post: operations["postSessionsIdPromote"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/worlds/{id}/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A world's sessions, the most recently changed first
         * @description Scope: read (any API key).
         */
        get: operations["getWorldsIdSessions"];
        put?: never;
        /**
         * Start a session (a play-through) of a world
         * @description What the narrator later reads is checked now: `metadata.player.name` at most 200 characters, `metadata.notes` as text (at most 200 of 2,000 characters), `metadata.state` a bounded JSON object.
         *
         *     Scope: game (a game or admin key).
         */
        post: operations["postWorldsIdSessions"];
        delete?: never;
        options?: never;
        /**
         * A world's sessions, the most recently changed first
         * @description Scope: read (any API key).
         */
        head: operations["headWorldsIdSessions"];
        patch?: never;
        trace?: never;
    };
    "/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A session with its turns, a page at a time
         * @description Scope: read (any API key).
         */
        get: operations["getSessionsId"];
        put?: never;
        post?: never;
        /**
         * Remove a session and its data
         * @description Scope: game (a game or admin key).
         */
        delete: operations["deleteSessionsId"];
        options?: never;
        /**
         * A session with its turns, a page at a time
         * @description Scope: read (any API key).
         */
        head: operations["headSessionsId"];
        /**
         * Change a session's live state (a JSON merge-patch), its notes or its status
         * @description Scope: game (a game or admin key).
         */
        patch: operations["patchSessionsId"];
        trace?: never;
    };
    "/sessions/{id}/turns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Play a turn: JSON, or server-sent events with "stream": true
         * @description With `stream: true`: `event: delta` for each piece of narration, then `event: turn` with the whole turn, then `data: [DONE]`; a failure after the first byte is an `event: error`.
         *
         *     Retries: send an `Idempotency-Key` header (1–255 printable ASCII characters, a UUID say). The same key with the same request (session, input, state) within `narrative.idempotency_retention_ms` (24 h) is answered with the first turn's stored answer and `Idempotent-Replayed: true`: no second turn, no model call, no second analysis. `stream` is not part of the request compared: a streamed replay is one `delta` with the whole text, then `turn`, then `[DONE]`. While the first request runs, the key answers 409 `idempotency_in_progress` with Retry-After; with another session or body, 422 `idempotency_key_reused`. A request that failed before its turn was recorded does not keep the key: its retry plays the turn.
         *
         *     Scope: game (a game or admin key).
         */
        post: operations["postSessionsIdTurns"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions/{id}/turns/{number}/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tasks a turn queued, each with its state and outcome (a skip's reason)
         * @description The turn's analysis and simulation, and the tasks they queued (note rewrites, entity records, embeddings), oldest first, at most `limit`. A completed task has an `outcome`: `done`, `already-done`, or `skipped` with its reason in `detail`. 404 for an unknown session or turn.
         *
         *     Scope: read (any API key).
         */
        get: operations["getSessionsIdTurnsNumberTasks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * The tasks a turn queued, each with its state and outcome (a skip's reason)
         * @description The turn's analysis and simulation, and the tasks they queued (note rewrites, entity records, embeddings), oldest first, at most `limit`. A completed task has an `outcome`: `done`, `already-done`, or `skipped` with its reason in `detail`. 404 for an unknown session or turn.
         *
         *     Scope: read (any API key).
         */
        head: operations["headSessionsIdTurnsNumberTasks"];
        patch?: never;
        trace?: never;
    };
    "/llm/context/{type}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What a session's next call sends (narrator, analysis, dialogue), or any prompt's context
         * @description Scope: read (any API key).
         */
        get: operations["getLlmContextType"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * What a session's next call sends (narrator, analysis, dialogue), or any prompt's context
         * @description Scope: read (any API key).
         */
        head: operations["headLlmContextType"];
        patch?: never;
        trace?: never;
    };
    "/sessions/{id}/dialogue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * One line from an NPC, given only what that NPC knows in the session
         * @description Scope: game (a game or admin key).
         */
        post: operations["postSessionsIdDialogue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/maintenance/trigger-analysis": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Analyse a session's turn (again)
         * @description Scope: admin (an admin key).
         */
        post: operations["postMaintenanceTriggerAnalysis"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/maintenance/trigger-simulation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Simulate a world now
         * @description Scope: admin (an admin key).
         */
        post: operations["postMaintenanceTriggerSimulation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/maintenance/queue-status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The queue: counts by state and type, oldest pending age, throughput, failures
         * @description Scope: admin (an admin key).
         */
        get: operations["getMaintenanceQueueStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * The queue: counts by state and type, oldest pending age, throughput, failures
         * @description Scope: admin (an admin key).
         */
        head: operations["headMaintenanceQueueStatus"];
        patch?: never;
        trace?: never;
    };
    "/maintenance/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Dead-lettered tasks with their error and raw model output
         * @description Scope: admin (an admin key).
         */
        get: operations["getMaintenanceDeadLetters"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * Dead-lettered tasks with their error and raw model output
         * @description Scope: admin (an admin key).
         */
        head: operations["headMaintenanceDeadLetters"];
        patch?: never;
        trace?: never;
    };
    "/maintenance/dead-letters/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run a dead-lettered task again
         * @description Scope: admin (an admin key).
         */
        post: operations["postMaintenanceDeadLettersIdRetry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/maintenance/tasks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One task: its state, attempts and error
         * @description Scope: admin (an admin key).
         */
        get: operations["getMaintenanceTasksId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * One task: its state, attempts and error
         * @description Scope: admin (an admin key).
         */
        head: operations["headMaintenanceTasksId"];
        patch?: never;
        trace?: never;
    };
    "/ws/llm/conversation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live turns over a WebSocket (one JSON object per message)
         * @description Client → server: `{"type": "turn", "session_id", "input", "id"?, "idempotency_key"?}` plays a turn (`idempotency_key` as the Idempotency-Key header of POST /sessions/{id}/turns: sent again, the first turn is answered, its text in one delta, with `"replayed": true`); `{"type": "ping"}`. Server → client: `{"type": "delta", "id", "text"}` as the narration arrives, `{"type": "turn", "id", "turn"}` with the whole turn (as POST /sessions/{id}/turns answers it), `{"type": "error", "id", "error"}` in the shared error shape, `{"type": "pong"}`. Turns run one at a time, at most 8 waiting; messages are text JSON of at most 65536 bytes.
         *
         *     A WebSocket endpoint: connect with Upgrade: websocket (a plain GET answers 426).
         *
         *     Scope: game (a game or admin key).
         */
        get: operations["getWsLlmConversation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * Live turns over a WebSocket (one JSON object per message)
         * @description Client → server: `{"type": "turn", "session_id", "input", "id"?, "idempotency_key"?}` plays a turn (`idempotency_key` as the Idempotency-Key header of POST /sessions/{id}/turns: sent again, the first turn is answered, its text in one delta, with `"replayed": true`); `{"type": "ping"}`. Server → client: `{"type": "delta", "id", "text"}` as the narration arrives, `{"type": "turn", "id", "turn"}` with the whole turn (as POST /sessions/{id}/turns answers it), `{"type": "error", "id", "error"}` in the shared error shape, `{"type": "pong"}`. Turns run one at a time, at most 8 waiting; messages are text JSON of at most 65536 bytes.
         *
         *     Scope: game (a game or admin key).
         */
        head: operations["headWsLlmConversation"];
        patch?: never;
        trace?: never;
    };
    "/llm/generate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * One generation: a prompt by name with variables, or messages (JSON, or SSE with stream)
         * @description Scope: game (a game or admin key).
         */
        post: operations["postLlmGenerate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ws/llm/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Generations streamed over a WebSocket: send generate or cancel, receive deltas
         * @description Client → server, one JSON object per message: `{"type": "generate", "id": "g-1", …the fields of POST /llm/generate but stream}`, `{"type": "cancel", "id": "g-1"}`, `{"type": "ping"}`. Server → client: `{"type": "start", id, call_id, provider}`, `{"type": "delta", id, text}`, `{"type": "done", id, generation}` (an LlmGeneration), `{"type": "cancelled", id}`, `{"type": "error", id?, error: {type, message, param, code}}`, `{"type": "pong"}`. At most llm.stream.max_concurrent generations run on one socket; messages of at most 262144 bytes.
         *
         *     A WebSocket endpoint: connect with Upgrade: websocket (a plain GET answers 426).
         *
         *     Scope: game (a game or admin key).
         */
        get: operations["getWsLlmStream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * Generations streamed over a WebSocket: send generate or cancel, receive deltas
         * @description Client → server, one JSON object per message: `{"type": "generate", "id": "g-1", …the fields of POST /llm/generate but stream}`, `{"type": "cancel", "id": "g-1"}`, `{"type": "ping"}`. Server → client: `{"type": "start", id, call_id, provider}`, `{"type": "delta", id, text}`, `{"type": "done", id, generation}` (an LlmGeneration), `{"type": "cancelled", id}`, `{"type": "error", id?, error: {type, message, param, code}}`, `{"type": "pong"}`. At most llm.stream.max_concurrent generations run on one socket; messages of at most 262144 bytes.
         *
         *     Scope: game (a game or admin key).
         */
        head: operations["headWsLlmStream"];
        patch?: never;
        trace?: never;
    };
    "/llm/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Roles, providers, queues, cache hit rate and budgets in one document
         * @description Scope: read (any API key).
         */
        get: operations["getLlmStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * Roles, providers, queues, cache hit rate and budgets in one document
         * @description Scope: read (any API key).
         */
        head: operations["headLlmStatus"];
        patch?: never;
        trace?: never;
    };
    "/llm/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Queue a batch of generations, run in the background at LOW priority
         * @description Scope: game (a game or admin key).
         */
        post: operations["postLlmBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/llm/batch/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A batch's progress and each item's result or error
         * @description Scope: read (any API key).
         */
        get: operations["getLlmBatchId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * A batch's progress and each item's result or error
         * @description Scope: read (any API key).
         */
        head: operations["headLlmBatchId"];
        patch?: never;
        trace?: never;
    };
    "/v1/images/generations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * OpenAI's image generation: b64_json or url (served at /images/{id})
         * @description Scope: game (a game or admin key).
         */
        post: operations["postV1ImagesGenerations"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/content/images": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A picture of an entity in its theme's art style (a background job unless async is false)
         * @description Scope: game (a game or admin key).
         */
        post: operations["postContentImages"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/images/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A stored picture (PNG, JPEG, WebP or SVG), by its id
         * @description Scope: read (any API key).
         */
        get: operations["getImagesId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * A stored picture (PNG, JPEG, WebP or SVG), by its id
         * @description Scope: read (any API key).
         */
        head: operations["headImagesId"];
        patch?: never;
        trace?: never;
    };
    "/content/validate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Validate a document: quality, theme and D&D 5e rules
         * @description Scope: game (a game or admin key).
         */
        post: operations["postContentValidate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/content/character": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Generate a character: JSON, server-sent events (stream), or a background job (async)
         * @description Scope: game (a game or admin key).
         */
        post: operations["postContentCharacter"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/content/campaign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Generate a campaign: JSON, server-sent events (stream), or a background job (async)
         * @description Scope: game (a game or admin key).
         */
        post: operations["postContentCampaign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/content/location": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Generate a location: JSON, server-sent events (stream), or a background job (async)
         * @description Scope: game (a game or admin key).
         */
        post: operations["postContentLocation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/content/npc": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Generate a npc: JSON, server-sent events (stream), or a background job (async)
         * @description Scope: game (a game or admin key).
         */
        post: operations["postContentNpc"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/content/quest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Generate a quest: JSON, server-sent events (stream), or a background job (async)
         * @description Scope: game (a game or admin key).
         */
        post: operations["postContentQuest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/content/item": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Generate a item: JSON, server-sent events (stream), or a background job (async)
         * @description Scope: game (a game or admin key).
         */
        post: operations["postContentItem"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/content/encounter": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Generate a encounter: JSON, server-sent events (stream), or a background job (async)
         * @description Scope: game (a game or admin key).
         */
        post: operations["postContentEncounter"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/content/{type}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Any other content type: 404 content_type_not_found (the types: character, campaign, location, npc, quest, item, encounter)
         * @description Scope: game (a game or admin key).
         */
        post: operations["postContentType"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/jobs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A background job: its state, and its result once done
         * @description Scope: read (any API key).
         */
        get: operations["getJobsId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * A background job: its state, and its result once done
         * @description Scope: read (any API key).
         */
        head: operations["headJobsId"];
        patch?: never;
        trace?: never;
    };
    "/llm/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The stored event log, oldest first (since an event id or a time)
         * @description Scope: read (any API key).
         */
        get: operations["getLlmEvents"];
        put?: never;
        /**
         * The game's events: one, or a batch as {events: [...]}, idempotent by id
         * @description Scope: game (a game or admin key).
         */
        post: operations["postLlmEvents"];
        delete?: never;
        options?: never;
        /**
         * The stored event log, oldest first (since an event id or a time)
         * @description Scope: read (any API key).
         */
        head: operations["headLlmEvents"];
        patch?: never;
        trace?: never;
    };
    "/ws/llm/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live events over a WebSocket, filtered by type pattern, world and session; resumable
         * @description Auth: the Authorization header, or from a browser the subprotocols ["loremaster", "bearer.<key>"] (the server answers "loremaster") or ?api_key=<key> (URLs end up in proxy logs: prefer the subprotocol). Query: types (patterns such as llm.*, comma-separated), world_id, session_id, last_event_id (resume: the stored events after it are sent first). Server → client, one JSON object per message: {"type": "event", event} (an Event), {"type": "ready", replayed, truncated} once the replay is sent, {"type": "heartbeat", time}, {"type": "pong"}, {"type": "error", error}. A bad query is answered with an error and close code 4400, an unknown last_event_id closes with 4004, and a consumer too slow for its bounded buffer is closed with 4008. Client → server: {"type": "ping"} (optional).
         *
         *     A WebSocket endpoint: connect with Upgrade: websocket (a plain GET answers 426).
         *
         *     Scope: read (any API key).
         */
        get: operations["getWsLlmEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * Live events over a WebSocket, filtered by type pattern, world and session; resumable
         * @description Auth: the Authorization header, or from a browser the subprotocols ["loremaster", "bearer.<key>"] (the server answers "loremaster") or ?api_key=<key> (URLs end up in proxy logs: prefer the subprotocol). Query: types (patterns such as llm.*, comma-separated), world_id, session_id, last_event_id (resume: the stored events after it are sent first). Server → client, one JSON object per message: {"type": "event", event} (an Event), {"type": "ready", replayed, truncated} once the replay is sent, {"type": "heartbeat", time}, {"type": "pong"}, {"type": "error", error}. A bad query is answered with an error and close code 4400, an unknown last_event_id closes with 4004, and a consumer too slow for its bounded buffer is closed with 4008. Client → server: {"type": "ping"} (optional).
         *
         *     Scope: read (any API key).
         */
        head: operations["headWsLlmEvents"];
        patch?: never;
        trace?: never;
    };
    "/themes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List themes
         * @description Scope: read (any API key).
         */
        get: operations["getThemes"];
        put?: never;
        /**
         * Create a theme
         * @description Scope: game (a game or admin key).
         */
        post: operations["postThemes"];
        delete?: never;
        options?: never;
        /**
         * List themes
         * @description Scope: read (any API key).
         */
        head: operations["headThemes"];
        patch?: never;
        trace?: never;
    };
    "/themes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One theme
         * @description Scope: read (any API key).
         */
        get: operations["getThemesId"];
        put?: never;
        post?: never;
        /**
         * Delete a theme (and detach it)
         * @description Scope: game (a game or admin key).
         */
        delete: operations["deleteThemesId"];
        options?: never;
        /**
         * One theme
         * @description Scope: read (any API key).
         */
        head: operations["headThemesId"];
        /**
         * Change a theme (worlds and campaigns wearing it get theme_changed)
         * @description Scope: game (a game or admin key).
         */
        patch: operations["patchThemesId"];
        trace?: never;
    };
    "/themes/{id}/attach": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Attach a theme to a world or a campaign
         * @description Scope: game (a game or admin key).
         */
        post: operations["postThemesIdAttach"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/themes/detach": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Detach the theme of a world or a campaign
         * @description Scope: game (a game or admin key).
         */
        post: operations["postThemesDetach"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        PromptVariableSpecInput: {
            /** @enum {string} */
            type: "string" | "number" | "integer" | "boolean" | "enum" | "array" | "object" | "json";
            description?: string;
            optional?: boolean;
            default?: unknown;
            values?: string[];
            items?: components["schemas"]["PromptVariableSpecInput"];
            properties?: {
                [key: string]: components["schemas"]["PromptVariableSpecInput"];
            };
            max_length?: number;
            min?: number;
            max?: number;
            max_items?: number;
        };
        ErrorInput: {
            error: {
                message: string;
                type: string;
                param?: string | null;
                code?: string | null;
            };
        };
        AnthropicErrorInput: {
            /** @constant */
            type: "error";
            error: {
                type: string;
                message: string;
            };
        };
        OllamaErrorInput: {
            error: string;
        };
        KoboldErrorInput: {
            detail: {
                msg: string;
                type: string;
            };
        };
        UsageAnalyticsInput: {
            /** @enum {string} */
            period: "hour" | "day";
            /** @description The start of the first bucket */
            since: string;
            group_by: ("provider" | "model" | "role" | "kind" | "api_key") | null;
            totals: {
                requests: number;
                errors: number;
                input_tokens: number;
                output_tokens: number;
                cost_usd: number;
                cache_hits: number;
            };
            groups: {
                requests: number;
                errors: number;
                input_tokens: number;
                output_tokens: number;
                cost_usd: number;
                cache_hits: number;
                provider?: string | null;
                model?: string | null;
                role?: string | null;
                kind?: string | null;
                api_key?: string | null;
            }[];
            series: {
                requests: number;
                errors: number;
                input_tokens: number;
                output_tokens: number;
                cost_usd: number;
                cache_hits: number;
                provider?: string | null;
                model?: string | null;
                role?: string | null;
                kind?: string | null;
                api_key?: string | null;
                start: string;
            }[];
        };
        DetailedMetricsInput: {
            usage: {
                this_hour: {
                    requests: number;
                    errors: number;
                    input_tokens: number;
                    output_tokens: number;
                    cost_usd: number;
                    cache_hits: number;
                };
                today: {
                    requests: number;
                    errors: number;
                    input_tokens: number;
                    output_tokens: number;
                    cost_usd: number;
                    cache_hits: number;
                };
                memory: {
                    rows: number;
                    hour_buckets: number;
                    day_buckets: number;
                    overflowed: number;
                    unwritten: number;
                };
            };
            budgets: {
                name: string;
                /** @enum {string} */
                scope: "global" | "key";
                period: string;
                unit: string;
                limit: number;
                hard_stop: boolean;
                alert_at: number[];
                resets_at: string;
                usage: {
                    api_key_id: string | null;
                    used: number;
                    fraction: number;
                    exceeded: boolean;
                }[];
            }[];
            /** @description Every middleware's stats, by middleware */
            gateway: {
                [key: string]: unknown;
            };
        };
        AnthropicMessageInput: {
            id: string;
            /** @constant */
            type: "message";
            /** @constant */
            role: "assistant";
            model: string;
            content: ({
                /** @constant */
                type: "text";
                text: string;
            } | {
                /** @constant */
                type: "tool_use";
                id: string;
                name: string;
                input: unknown;
            } | {
                /** @constant */
                type: "thinking";
                thinking: string;
                signature: string;
            } | {
                /** @constant */
                type: "redacted_thinking";
                data: string;
            })[];
            stop_reason: string | null;
            stop_sequence: string | null;
            /** @description Tokens in and out (cache counts too) */
            usage: {
                input_tokens: number;
                output_tokens: number;
            } & {
                [key: string]: unknown;
            };
        };
        LlmCallSummaryInput: {
            id: string;
            /** @constant */
            object: "llm.call";
            created_at: string;
            provider: string;
            model: string;
            /** @description generation, analysis, maintenance, embedding, or empty for a named model */
            role: string;
            /** @description chat, stream, embed, image, or what the caller said the call was: conversation, summary, prompt */
            kind: string;
            /** @enum {string} */
            status: "ok" | "error";
            latency_ms: number;
            first_token_ms: number | null;
            input_tokens: number;
            output_tokens: number;
            cost_usd: number;
            api_key_id: string | null;
            session_id: string | null;
            conversation_id: string | null;
            prompt: {
                id: string;
                version: number | null;
            } | null;
            error: {
                code: string | null;
                message: string | null;
            } | null;
            /** @description stop, length, tool_calls, content_filter…, when known */
            finish_reason: string | null;
            /** @description Why a body is missing or cut (bodies off, cut to database.call_log.bodies.max_chars) */
            body_note: string | null;
            /** @description The log kept its whole request: POST …/replay can send it again */
            replayable: boolean;
        };
        LlmCallInput: {
            id: string;
            /** @constant */
            object: "llm.call";
            created_at: string;
            provider: string;
            model: string;
            /** @description generation, analysis, maintenance, embedding, or empty for a named model */
            role: string;
            /** @description chat, stream, embed, image, or what the caller said the call was: conversation, summary, prompt */
            kind: string;
            /** @enum {string} */
            status: "ok" | "error";
            latency_ms: number;
            first_token_ms: number | null;
            input_tokens: number;
            output_tokens: number;
            cost_usd: number;
            api_key_id: string | null;
            session_id: string | null;
            conversation_id: string | null;
            prompt: {
                id: string;
                version: number | null;
            } | null;
            error: {
                code: string | null;
                message: string | null;
            } | null;
            /** @description stop, length, tool_calls, content_filter…, when known */
            finish_reason: string | null;
            /** @description Why a body is missing or cut (bodies off, cut to database.call_log.bodies.max_chars) */
            body_note: string | null;
            /** @description The log kept its whole request: POST …/replay can send it again */
            replayable: boolean;
            /** @description The request as the gateway received it ({kind, model, messages, options} for chat and stream calls, conversation, summary and prompt calls included; {kind, model, input, dimensions} for embeddings; {model, messages} for conversation calls logged by older versions), when the log kept it; the text as kept when it was cut */
            request: unknown;
            /** @description The model's answer (its text), when the log kept it */
            response: string | null;
            /** @description The answer's tool calls ([{id, name, arguments}]), or null; the text as kept when cut */
            tool_calls: unknown;
            /** @description Why POST …/replay would answer 409, or null */
            not_replayable_reason: string | null;
        };
        LlmCallReplayInput: {
            /** @constant */
            object: "llm.call.replay";
            original: components["schemas"]["LlmCallInput"];
            replay: {
                call_id: string;
                provider: string;
                model: string;
                text: string;
                tool_calls: {
                    id: string;
                    name: string;
                    arguments: string;
                }[];
                finish_reason: string | null;
                /** @description Embedding calls: the vectors that came back */
                embedding: {
                    count: number;
                    dimensions: number;
                } | null;
                latency_ms: number;
                input_tokens: number;
                output_tokens: number;
            };
        };
        PromptInput: {
            /** @constant */
            object: "prompt";
            id: string;
            name: string;
            description: string | null;
            active_version: number | null;
            created_at: string;
            updated_at: string;
        };
        PromptVersionInput: {
            version: number;
            active: boolean;
            created_by: string | null;
            created_at: string;
            /** @enum {string} */
            role: "generation" | "analysis" | "maintenance";
            /** @enum {string} */
            output: "text" | "json";
            variants: string[];
            environments: string[];
            ab: {
                name: string;
                weight: number;
            }[];
            /** @description The version's whole definition */
            definition: {
                [key: string]: unknown;
            };
        };
        /** @description What the context builder kept and dropped */
        PromptContextReportInput: {
            budget_tokens: number;
            used_tokens: number;
            remaining_tokens: number;
            over_budget: boolean;
            included: {
                section: string;
                id: string;
                tokens: number;
            }[];
            dropped: {
                section: string;
                id: string;
                tokens: number;
                /** @enum {string} */
                reason: "budget" | "after_gap";
            }[];
            template_tokens: number;
            rendered_tokens: number;
        };
        PromptRenderInput: {
            /** @constant */
            object: "prompt.render";
            prompt: string;
            version: number;
            model: string;
            provider: string;
            /** @description The provider variant used, or empty */
            variant: string;
            /** @description The environment override used, or empty */
            environment: string;
            /** @description The A/B arm, or empty */
            arm: string;
            messages: {
                role: string;
                content: string;
                name?: string;
            }[];
            temperature: number | null;
            max_tokens: number | null;
            json_schema: {
                [key: string]: unknown;
            } | null;
            context?: components["schemas"]["PromptContextReportInput"];
        };
        PromptCompletionInput: {
            /** @constant */
            object: "prompt.completion";
            /** @description What POST /llm/feedback takes */
            call_id: string;
            prompt: string;
            version: number;
            /** @description The provider variant used, or empty */
            variant: string;
            /** @description The environment override used, or empty */
            environment: string;
            /** @description The A/B arm, or empty */
            arm: string;
            provider: string;
            model: string;
            text: string;
            /** @description A JSON prompt: the parsed answer (null when it is not valid) */
            json?: unknown;
            usage: {
                prompt_tokens: number;
                completion_tokens: number;
                total_tokens: number;
            };
            context?: components["schemas"]["PromptContextReportInput"];
        };
        PromptStatsInput: {
            /** @constant */
            object: "prompt.stats";
            prompt: string;
            id: string;
            active_version: number | null;
            data: {
                version: number;
                variant: string;
                arm: string;
                calls: number;
                errors: number;
                feedback: number;
                mean_rating: number | null;
                positive: number;
                negative: number;
            }[];
        };
        FeedbackInput: {
            /** @constant */
            object: "feedback";
            id: number;
            call_id: string;
            rating: number;
            /** @enum {string} */
            thumbs?: "up" | "down";
            /** @description The prompt version the call ran, when it ran one */
            prompt: {
                id: string;
                version: number | null;
                variant: string | null;
                arm: string | null;
            } | null;
            created_at: string;
        };
        ContentValidationInput: {
            /** @constant */
            object: "content.validation";
            /** @enum {string} */
            type: "character" | "campaign" | "location" | "npc" | "quest" | "item" | "encounter";
            valid: boolean;
            findings: {
                /** @description A JSON path into the document */
                path: string;
                /** @enum {string} */
                severity: "error" | "warning" | "info";
                /** @enum {string} */
                category: "schema" | "quality" | "theme" | "rules";
                code: string;
                message: string;
                hint: string;
            }[];
            /** @description Closeness to the theme's style, when a theme applies */
            similarity: number | null;
            theme: {
                id: string;
                name: string;
            } | null;
        };
        ContentJobInput: {
            /** @constant */
            object: "content.job";
            id: string;
            type: string;
            /** @enum {string} */
            status: "queued" | "running" | "succeeded" | "failed";
            world_id: string | null;
            attempts: number;
            created_at: string;
            updated_at: string;
            finished_at: string | null;
            result: unknown;
            error: {
                type: string;
                message: string;
            } | null;
        };
        ConversationInput: {
            id: string;
            /** @constant */
            object: "conversation";
            title: string | null;
            system_prompt: string | null;
            model: string;
            metadata: {
                [key: string]: unknown;
            };
            message_count: number;
            world_id: string | null;
            session_id: string | null;
            context: {
                summary: string | null;
                from_message_id: number | null;
            };
            /** @description ISO 8601 */
            created_at: string;
            /** @description ISO 8601 */
            updated_at: string;
            archived_at: string | null;
        };
        ConversationMessageInput: {
            id: number;
            /** @constant */
            object: "conversation.message";
            /** @enum {string} */
            role: "system" | "user" | "assistant";
            content: string;
            name: string | null;
            tokens: number;
            provider: string | null;
            model: string | null;
            finish_reason: string | null;
            /** @description ISO 8601 */
            created_at: string;
        };
        ConversationWithMessagesInput: {
            id: string;
            /** @constant */
            object: "conversation";
            title: string | null;
            system_prompt: string | null;
            model: string;
            metadata: {
                [key: string]: unknown;
            };
            message_count: number;
            world_id: string | null;
            session_id: string | null;
            context: {
                summary: string | null;
                from_message_id: number | null;
            };
            /** @description ISO 8601 */
            created_at: string;
            /** @description ISO 8601 */
            updated_at: string;
            archived_at: string | null;
            messages: components["schemas"]["ConversationMessageInput"][];
            has_more: boolean;
            /** @description Pass as `after` for the next page */
            next_after: number | null;
        };
        ConversationSearchHitInput: {
            conversation_id: string;
            /** @description null when the conversation's title matched */
            message_id: number | null;
            role: string | null;
            title: string | null;
            /** @description HTML-escaped, the matched words in <mark>…</mark> */
            snippet: string;
            score: number;
            /** @description ISO 8601 */
            created_at: string;
        };
        ConversationContextReportInput: {
            /** @enum {string} */
            strategy: "summarize" | "drop";
            /** @enum {string} */
            action: "none" | "summarized" | "dropped";
            removed_messages: number;
            prompt_tokens: number;
            budget_tokens: number;
            over_budget: boolean;
            summary_error?: string;
        };
        ConversationTurnInput: {
            /** @constant */
            object: "conversation.turn";
            conversation_id: string;
            /** @description What POST /llm/feedback takes */
            call_id: string;
            user_message: components["schemas"]["ConversationMessageInput"];
            message: components["schemas"]["ConversationMessageInput"];
            provider: string;
            model: string;
            usage: {
                prompt_tokens: number;
                completion_tokens: number;
                total_tokens: number;
            };
            context: components["schemas"]["ConversationContextReportInput"];
        };
        EventInput: {
            id: string;
            version: number;
            type: string;
            time: string;
            world_id: string | null;
            session_id: string | null;
            source: string;
            data: {
                [key: string]: unknown;
            };
            /** @description The event's place in the stored log */
            seq: number;
        };
        HealthInput: {
            /** @enum {string} */
            status: "ok" | "degraded" | "down";
            version: string;
            uptime_s: number;
            /** @description server, gateway, and redis when configured */
            components: {
                [key: string]: string;
            };
            roles: {
                [key: string]: {
                    provider: string;
                    /** @enum {string} */
                    status: "ok" | "degraded" | "down";
                    /** @description The provider answering instead */
                    serving?: string;
                    reason?: string;
                };
            };
            providers: {
                [key: string]: {
                    /** @enum {string} */
                    status: "ok" | "degraded" | "down";
                    type: string;
                    reason?: string;
                    last_error?: string;
                    /** @description With ?deep=true */
                    probe?: {
                        [key: string]: unknown;
                    };
                } & {
                    [key: string]: unknown;
                };
            };
            /** @description Paid models with no price set */
            unpriced_models: string[];
            /** @description The image path (docs/images.md); it does not change the overall status */
            images: {
                /** @description images.provider: who draws first */
                provider: string;
                /** @enum {string} */
                status: "ok" | "degraded" | "down";
                /** @description Who draws now (the next of the chain when degraded) */
                serving?: string;
                reason?: string;
                providers: {
                    [key: string]: {
                        /** @enum {string} */
                        status: "ok" | "down";
                        type: string;
                        reason?: string;
                    };
                };
            };
        };
        ImageListInput: {
            created: number;
            data: {
                b64_json?: string;
                url?: string;
                revised_prompt?: string;
            }[];
            provider: string;
            model: string;
            image_ids: string[];
        };
        EntityImageInput: {
            /** @constant */
            object: "content.image";
            image: {
                id: string;
                url: string;
                content_type: string;
            };
            entity: {
                id: string;
                world_id: string;
                name: string;
                type: string;
                version: number;
            };
            /** @enum {string} */
            kind: "portrait" | "heraldry" | "map";
            prompt: string;
            provider: string;
            model: string;
            cost_usd: number;
            /** @enum {string} */
            cache: "hit" | "miss" | "skip";
            failed_over: string[];
        };
        TextCompletionInput: {
            id: string;
            /** @constant */
            object: "text_completion";
            created: number;
            model: string;
            provider: string;
            choices: {
                text: string;
                index: number;
                logprobs: {
                    tokens: string[];
                    token_logprobs: number[];
                    top_logprobs: {
                        [key: string]: number;
                    }[];
                    text_offset: number[];
                } | null;
                finish_reason: string | null;
            }[];
            usage: {
                prompt_tokens: number;
                completion_tokens: number;
                total_tokens: number;
            };
        };
        KoboldGenerationInput: {
            results: {
                text: string;
                /** @enum {string} */
                finish_reason: "stop" | "length";
                prompt_tokens: number;
                completion_tokens: number;
            }[];
            provider: string;
        };
        WorldInput: {
            id: string;
            /** @constant */
            object: "world";
            name: string;
            description: string | null;
            shared: boolean;
            settings: {
                [key: string]: unknown;
            };
            turn_count: number;
            entity_count: number;
            /** @description ISO 8601 */
            created_at: string;
            /** @description ISO 8601 */
            updated_at: string;
        };
        ImportedWorldInput: {
            id: string;
            /** @constant */
            object: "world";
            name: string;
            description: string | null;
            shared: boolean;
            settings: {
                [key: string]: unknown;
            };
            turn_count: number;
            entity_count: number;
            /** @description ISO 8601 */
            created_at: string;
            /** @description ISO 8601 */
            updated_at: string;
            import: {
                format: string;
                format_name: string;
                entities: number;
                warnings: string[];
            };
        };
        EntityInput: {
            id: string;
            /** @constant */
            object: "entity";
            world_id: string;
            /** @enum {string} */
            type: "character" | "location" | "item" | "faction" | "quest" | "concept" | "event";
            name: string;
            aliases: string[];
            tags: string[];
            description: string;
            note: string;
            connections: {
                entity_id: string | null;
                name: string;
                relation: string;
            }[];
            attributes: {
                [key: string]: string | number | boolean;
            };
            version: number;
            /** @enum {string} */
            scope: "canon" | "session";
            session_id: string | null;
            changed_by: string;
            /** @description ISO 8601 */
            created_at: string;
            /** @description ISO 8601 */
            updated_at: string;
        };
        EntityVersionInput: {
            version: number;
            /** @enum {string} */
            scope: "canon" | "session";
            session_id: string | null;
            name: string;
            note: string;
            /** @description The entity's fields at this version (description, note, aliases, tags, connections, attributes…) */
            data: {
                [key: string]: unknown;
            };
            changed_by: string;
            reason: string | null;
            turn_id: number | null;
            /** @description ISO 8601 */
            created_at: string;
        };
        EntityKnowledgeInput: {
            /** @constant */
            object: "list";
            entity: {
                id: string;
                name: string;
                type: string;
            };
            session_id: string;
            data: {
                about: {
                    id: string;
                    name: string;
                };
                fact: string;
                /** @enum {string} */
                how: "present" | "told";
                turn_id: number | null;
                /** @description ISO 8601 */
                learned_at: string;
            }[];
        };
        PromotionInput: {
            /** @constant */
            object: "promotion";
            session_id: string;
            promoted: {
                entity_id: string;
                version: number;
            }[];
            conflicts: {
                entity_id: string;
                name: string;
                held_by: string;
                outcome: string;
            }[];
            unchanged: {
                entity_id: string;
                reason: string;
            }[];
        };
        StoredTurnInput: {
            id: number;
            number: number;
            input: string;
            output: string | null;
            analysed: boolean;
            /** @description What the analysis of the turn found (null until it ran) */
            analysis: unknown;
            /** @description ISO 8601 */
            created_at: string;
        };
        SessionInput: {
            id: string;
            /** @constant */
            object: "session";
            world_id: string | null;
            player: string | null;
            /** @enum {string} */
            status: "active" | "ended";
            metadata: {
                [key: string]: unknown;
            };
            turn_count: number;
            /** @description ISO 8601 */
            created_at: string;
            /** @description ISO 8601 */
            updated_at: string;
            turns: components["schemas"]["StoredTurnInput"][];
        };
        SessionSummaryInput: {
            id: string;
            /** @constant */
            object: "session";
            world_id: string | null;
            player: string | null;
            /** @enum {string} */
            status: "active" | "ended";
            metadata: {
                [key: string]: unknown;
            };
            turn_count: number;
            /** @description ISO 8601 */
            created_at: string;
            /** @description ISO 8601 */
            updated_at: string;
        };
        TurnTaskInput: {
            /** @constant */
            object: "maintenance.task";
            id: string;
            /** @enum {string} */
            type: "ANALYZE_TURN" | "UPDATE_NOTE" | "CREATE_ENTITY" | "SIMULATE_WORLD" | "EMBED_DOCUMENTS" | "GENERATE_CONTENT" | "RUN_BATCH";
            /** @enum {string} */
            state: "pending" | "processing" | "completed" | "failed";
            /** @description How a completed task ended (done, already-done, skipped); null while it waits or runs, or failed */
            outcome: ("done" | "already-done" | "skipped") | null;
            /** @description The handler's word on a completed task: a skip's reason (e.g. the entity was deleted) */
            detail: string | null;
            /** @description The last failure (a task waiting for its retry keeps it) */
            error: string | null;
            attempts: number;
            max_attempts: number;
            /** @description ISO 8601 */
            created_at: string;
            /** @description When it completed or was dead-lettered */
            finished_at: string | null;
        };
        TurnTasksInput: {
            /** @constant */
            object: "list";
            session_id: string;
            turn_id: number;
            turn_number: number;
            /** @description Oldest first: the analysis and simulation, then their note, entity and embedding tasks */
            data: components["schemas"]["TurnTaskInput"][];
        };
        TurnInput: {
            /** @constant */
            object: "turn";
            id: number;
            number: number;
            /** @description What POST /llm/feedback takes */
            call_id: string | null;
            session_id: string;
            world_id: string;
            narration: string;
            panel: {
                location: string | null;
                time: string | null;
                present: string[];
                objective: string | null;
                actions: string[];
                mood: string | null;
                visible_entities: {
                    id: string;
                    name: string;
                    type: string;
                }[];
            };
            provider: string;
            model: string;
            usage: {
                prompt_tokens: number;
                completion_tokens: number;
                total_tokens: number;
            };
            lore: {
                id: string;
                title: string;
                kind: string;
                /** @enum {string} */
                found_by: "lexical" | "vector" | "both";
                reasons: string[];
                score: number;
            }[];
            timings: {
                overhead_ms: number;
                retrieval_ms: number;
                model_ms: number;
                total_ms: number;
            };
        };
        RemovedInput: {
            /** @enum {string} */
            object: "session" | "world";
            id: string;
            /** @constant */
            deleted: true;
            removed: {
                sessions: number;
                turns: number;
                entities: number;
                versions: number;
                facts: number;
                documents: number;
            };
        };
        LlamaCppCompletionInput: {
            index?: number;
            content?: string;
            tokens?: number[];
            id_slot?: number;
            /** @constant */
            stop?: true;
            model?: string;
            provider?: string;
            tokens_predicted?: number;
            tokens_evaluated?: number;
            tokens_cached?: number;
            generation_settings?: {
                [key: string]: unknown;
            };
            prompt?: string;
            has_new_line?: boolean;
            truncated?: boolean;
            /** @enum {string} */
            stop_type?: "eos" | "limit" | "word";
            stopping_word?: string;
            timings?: {
                prompt_n: number;
                prompt_ms: number;
                prompt_per_token_ms: number;
                prompt_per_second: number;
                predicted_n: number;
                predicted_ms: number;
                predicted_per_token_ms: number;
                predicted_per_second: number;
            };
        } & {
            [key: string]: unknown;
        };
        ChatCompletionInput: {
            id: string;
            /** @constant */
            object: "chat.completion";
            created: number;
            model: string;
            /** @description Loremaster's id for the call: what POST /llm/feedback takes */
            call_id?: string;
            provider: string;
            provider_model: string;
            choices: {
                index: number;
                message: {
                    /** @constant */
                    role: "assistant";
                    content: string | null;
                    /** @description The model's thinking before its answer, where its server returns it (open servers) */
                    reasoning_content?: string;
                    refusal: null;
                    tool_calls?: {
                        id: string;
                        /** @constant */
                        type: "function";
                        function: {
                            name: string;
                            arguments: string;
                        };
                    }[];
                };
                logprobs: {
                    content: {
                        token: string;
                        logprob: number;
                        bytes?: number[] | null;
                        top_logprobs?: ({
                            token: string;
                            logprob: number;
                        } & {
                            [key: string]: unknown;
                        })[];
                    }[];
                    refusal: null;
                } | null;
                finish_reason: string | null;
            }[];
            usage: {
                prompt_tokens: number;
                completion_tokens: number;
                total_tokens: number;
            };
        };
        EmbeddingListInput: {
            /** @constant */
            object: "list";
            data: {
                /** @constant */
                object: "embedding";
                index: number;
                /** @description floats, or with encoding_format base64 little-endian float32 bytes in base64 */
                embedding: number[] | string;
            }[];
            model: string;
            provider: string;
            provider_model?: string;
            usage: {
                prompt_tokens: number;
                total_tokens: number;
            };
        };
        LlmGenerationInput: {
            /** @constant */
            object: "llm.generation";
            /** @description What POST /llm/feedback takes (also x-loremaster-call-id) */
            call_id: string;
            text: string;
            prompt?: {
                name: string;
                version: number;
            };
            provider: string;
            model: string;
            /** @enum {string} */
            finish_reason: "stop" | "length" | "content_filter" | "tool_calls" | "error" | "other";
            cache: ("hit" | "miss" | "skip") | null;
            usage: {
                prompt_tokens: number;
                completion_tokens: number;
                total_tokens: number;
            };
            /** @description With json_schema (or a JSON prompt): the answer parsed */
            json?: unknown;
        };
        LlmBatchInput: {
            /** @constant */
            object: "llm.batch";
            id: string;
            /** @enum {string} */
            status: "queued" | "running" | "completed";
            progress: {
                total: number;
                done: number;
                succeeded: number;
                failed: number;
                pending: number;
            };
            metadata: {
                [key: string]: unknown;
            };
            created_at: string;
            finished_at: string | null;
            items: {
                index: number;
                /** @enum {string} */
                status: "pending" | "succeeded" | "failed";
                call_id: string | null;
                result: components["schemas"]["LlmGenerationInput"] | null;
                error: {
                    message: string;
                    type: string;
                    param?: string | null;
                    code?: string | null;
                } | null;
            }[];
        };
        PromptContextInput: {
            /** @constant */
            object: "context";
            prompt: string;
            version: number;
            model: string;
            session_id?: string;
            budget_tokens?: number;
            used_tokens?: number;
            remaining_tokens?: number;
            over_budget?: boolean;
            template_tokens?: number;
            rendered_tokens?: number;
            included?: {
                section: string;
                id: string;
                tokens: number;
            }[];
            dropped?: {
                section: string;
                id: string;
                tokens: number;
                /** @enum {string} */
                reason: "budget" | "after_gap";
            }[];
            /** @description A session's call: what it was built from (state, notes, lore, turns, what an NPC knows) */
            inputs?: {
                [key: string]: unknown;
            };
            /** @description Any prompt: the variables' names it was given */
            variables?: string[];
            /** @description What the model is sent */
            messages: {
                role: string;
                content: string;
                name?: string;
                toolCalls?: unknown[];
                toolCallId?: string;
            }[];
        };
        DialogueLineInput: {
            /** @constant */
            object: "dialogue_line";
            session_id: string;
            speaker: {
                id: string;
                name: string;
            };
            text: string;
            knows: string[];
            provider: string;
            model: string;
            usage: {
                prompt_tokens: number;
                completion_tokens: number;
                total_tokens: number;
            };
        };
        LlmStatusInput: {
            /** @constant */
            object: "llm.status";
            roles: {
                [key: string]: {
                    provider: string;
                    model: string | null;
                };
            };
            providers: {
                [key: string]: {
                    type: string;
                    /** @enum {string} */
                    status: "ok" | "degraded" | "down";
                    /** @description closed, open or half_open */
                    circuit: string;
                    /** @description Why the provider is unavailable */
                    reason?: string;
                };
            };
            queues: {
                /** @description Calls waiting in the gateway's priority queue */
                gateway: {
                    high: number;
                    medium: number;
                    low: number;
                };
                /** @description Calls running, by provider */
                in_flight: {
                    [key: string]: number;
                };
                /** @description The maintenance queue by state */
                maintenance: {
                    /** @enum {string} */
                    backend: "table" | "pg-boss";
                    pending: number;
                    processing: number;
                    completed: number;
                    failed: number;
                    dead: number;
                };
            };
            cache: {
                enabled: boolean;
                hits: number;
                misses: number;
                hit_rate: number | null;
            };
            budgets: {
                name: string;
                /** @enum {string} */
                scope: "global" | "key";
                period: string;
                unit: string;
                limit: number;
                hard_stop: boolean;
                resets_at: string;
                used: {
                    api_key_id: string | null;
                    used: number;
                    fraction: number;
                    exceeded: boolean;
                }[];
            }[];
        };
        MaintenanceTaskQueuedInput: {
            /** @constant */
            object: "maintenance.task";
            id: string;
            /** @enum {string} */
            type: "ANALYZE_TURN" | "SIMULATE_WORLD";
            turn_id?: number;
            world_id?: string;
        };
        MaintenanceTaskInput: {
            /** @constant */
            object: "maintenance.task";
            id: string;
            /** @enum {string} */
            type: "ANALYZE_TURN" | "UPDATE_NOTE" | "CREATE_ENTITY" | "SIMULATE_WORLD" | "EMBED_DOCUMENTS" | "GENERATE_CONTENT" | "RUN_BATCH";
            /** @enum {string} */
            state: "pending" | "processing" | "completed" | "failed";
            /** @enum {string} */
            priority: "high" | "medium" | "low";
            attempts: number;
            max_attempts: number;
            world_id: string | null;
            session_id: string | null;
            /** @description The task's input */
            data: unknown;
            error: string | null;
            created_at: string;
        };
        DeadLetterInput: {
            /** @constant */
            object: "maintenance.task";
            id: string;
            /** @enum {string} */
            type: "ANALYZE_TURN" | "UPDATE_NOTE" | "CREATE_ENTITY" | "SIMULATE_WORLD" | "EMBED_DOCUMENTS" | "GENERATE_CONTENT" | "RUN_BATCH";
            /** @enum {string} */
            state: "pending" | "processing" | "completed" | "failed";
            /** @enum {string} */
            priority: "high" | "medium" | "low";
            attempts: number;
            max_attempts: number;
            world_id: string | null;
            session_id: string | null;
            /** @description The task's input */
            data: unknown;
            error: string | null;
            created_at: string;
            /** @description The model's raw text, when the task failed on it */
            raw_output: string | null;
            failed_at: string | null;
        };
        MaintenanceQueueStatusInput: {
            /** @constant */
            object: "maintenance.queue_status";
            /** @enum {string} */
            backend: "table" | "pg-boss";
            totals: {
                pending: number;
                processing: number;
                completed: number;
                failed: number;
            };
            /** @description Counts by task type, then state */
            by_type: {
                [key: string]: {
                    pending: number;
                    processing: number;
                    completed: number;
                    failed: number;
                };
            };
            oldest_pending_age_ms: number | null;
            throughput: {
                completed_last_minute: number;
                per_second: number;
            };
            failures: {
                dead: number;
                recent: {
                    id: string;
                    /** @enum {string} */
                    type: "ANALYZE_TURN" | "UPDATE_NOTE" | "CREATE_ENTITY" | "SIMULATE_WORLD" | "EMBED_DOCUMENTS" | "GENERATE_CONTENT" | "RUN_BATCH";
                    error: string | null;
                    failed_at: string | null;
                }[];
            };
            /** @description This process's workers */
            workers: {
                completed: number;
                failed: number;
                running: number;
            }[];
        };
        OllamaChatRequestInput: {
            model: string;
            messages?: {
                /** @enum {string} */
                role: "system" | "user" | "assistant" | "tool";
                content: string;
                /** @description An assistant's earlier thinking: sent back to an open server, left out for the others */
                thinking?: string;
                images?: string[] | null;
                tool_calls?: {
                    id?: string;
                    /** @constant */
                    type?: "function";
                    function: {
                        index?: number;
                        name: string;
                        arguments: {
                            [key: string]: unknown;
                        };
                    };
                }[];
                /** @description A tool message: the tool whose result it is */
                tool_name?: string;
                tool_call_id?: string;
            }[];
            tools?: {
                /** @constant */
                type: "function";
                function: {
                    name: string;
                    description?: string;
                    parameters?: {
                        [key: string]: unknown;
                    };
                } & {
                    [key: string]: unknown;
                };
            }[];
            /** @description "json", or a JSON schema the answer must follow */
            format?: ("json" | "" | {
                [key: string]: unknown;
            }) | null;
            options?: {
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                numa?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_ctx?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_batch?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_gpu?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                main_gpu?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                low_vram?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                f16_kv?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                logits_all?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                vocab_only?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                use_mmap?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                use_mlock?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                embedding_only?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_thread?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_keep?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                penalize_newline?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_gqa?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                rope_frequency_base?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                rope_frequency_scale?: number | boolean | null;
                seed?: number | null;
                /** @description max_tokens; -1 or -2: no limit */
                num_predict?: number | null;
                top_k?: number | null;
                top_p?: number | null;
                min_p?: number | null;
                tfs_z?: number | null;
                typical_p?: number | null;
                repeat_last_n?: number | null;
                temperature?: number | null;
                repeat_penalty?: number | null;
                presence_penalty?: number | null;
                frequency_penalty?: number | null;
                mirostat?: number | null;
                mirostat_tau?: number | null;
                mirostat_eta?: number | null;
                stop?: string[] | null;
            } | null;
            /** @description true (the default): newline-delimited JSON */
            stream?: boolean;
            /** @description How long Ollama keeps a model loaded: accepted, without effect here */
            keep_alive?: (string | number) | null;
            /** @description true (medium) or a level: think at that effort, the thinking returned in `thinking` where the provider shows it (Anthropic, offline; OpenAI-format providers take it as their reasoning effort); false: no thinking */
            think?: (boolean | ("low" | "medium" | "high")) | null;
            logprobs?: boolean;
            top_logprobs?: number;
        };
        OllamaGenerateRequestInput: {
            model: string;
            prompt?: string;
            /** @description Fill-in-the-middle: only OpenAI-compatible servers take it */
            suffix?: string;
            system?: string;
            /** @description Ollama prompt templates are not run here: refused unless empty */
            template?: string;
            /** @description Ollama's token context: refused unless empty (send the text instead) */
            context?: number[];
            images?: string[] | null;
            /** @description true: the prompt is sent as it is (a text completion) */
            raw?: boolean;
            /** @description "json", or a JSON schema the answer must follow */
            format?: ("json" | "" | {
                [key: string]: unknown;
            }) | null;
            options?: {
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                numa?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_ctx?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_batch?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_gpu?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                main_gpu?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                low_vram?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                f16_kv?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                logits_all?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                vocab_only?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                use_mmap?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                use_mlock?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                embedding_only?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_thread?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_keep?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                penalize_newline?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_gqa?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                rope_frequency_base?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                rope_frequency_scale?: number | boolean | null;
                seed?: number | null;
                /** @description max_tokens; -1 or -2: no limit */
                num_predict?: number | null;
                top_k?: number | null;
                top_p?: number | null;
                min_p?: number | null;
                tfs_z?: number | null;
                typical_p?: number | null;
                repeat_last_n?: number | null;
                temperature?: number | null;
                repeat_penalty?: number | null;
                presence_penalty?: number | null;
                frequency_penalty?: number | null;
                mirostat?: number | null;
                mirostat_tau?: number | null;
                mirostat_eta?: number | null;
                stop?: string[] | null;
            } | null;
            /** @description true (the default): newline-delimited JSON */
            stream?: boolean;
            /** @description How long Ollama keeps a model loaded: accepted, without effect here */
            keep_alive?: (string | number) | null;
            /** @description true (medium) or a level: think at that effort, the thinking returned in `thinking` where the provider shows it (Anthropic, offline; OpenAI-format providers take it as their reasoning effort); false: no thinking */
            think?: (boolean | ("low" | "medium" | "high")) | null;
            logprobs?: boolean;
            top_logprobs?: number;
        };
        OllamaEmbedRequestInput: {
            model: string;
            input: string | string[];
            truncate?: boolean;
            dimensions?: number;
            options?: {
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                numa?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_ctx?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_batch?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_gpu?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                main_gpu?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                low_vram?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                f16_kv?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                logits_all?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                vocab_only?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                use_mmap?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                use_mlock?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                embedding_only?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_thread?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_keep?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                penalize_newline?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_gqa?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                rope_frequency_base?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                rope_frequency_scale?: number | boolean | null;
                seed?: number | null;
                /** @description max_tokens; -1 or -2: no limit */
                num_predict?: number | null;
                top_k?: number | null;
                top_p?: number | null;
                min_p?: number | null;
                tfs_z?: number | null;
                typical_p?: number | null;
                repeat_last_n?: number | null;
                temperature?: number | null;
                repeat_penalty?: number | null;
                presence_penalty?: number | null;
                frequency_penalty?: number | null;
                mirostat?: number | null;
                mirostat_tau?: number | null;
                mirostat_eta?: number | null;
                stop?: string[] | null;
            } | null;
            /** @description How long Ollama keeps a model loaded: accepted, without effect here */
            keep_alive?: (string | number) | null;
        };
        OllamaEmbeddingsRequestInput: {
            model: string;
            prompt: string;
            options?: {
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                numa?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_ctx?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_batch?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_gpu?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                main_gpu?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                low_vram?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                f16_kv?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                logits_all?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                vocab_only?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                use_mmap?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                use_mlock?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                embedding_only?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_thread?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_keep?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                penalize_newline?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_gqa?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                rope_frequency_base?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                rope_frequency_scale?: number | boolean | null;
                seed?: number | null;
                /** @description max_tokens; -1 or -2: no limit */
                num_predict?: number | null;
                top_k?: number | null;
                top_p?: number | null;
                min_p?: number | null;
                tfs_z?: number | null;
                typical_p?: number | null;
                repeat_last_n?: number | null;
                temperature?: number | null;
                repeat_penalty?: number | null;
                presence_penalty?: number | null;
                frequency_penalty?: number | null;
                mirostat?: number | null;
                mirostat_tau?: number | null;
                mirostat_eta?: number | null;
                stop?: string[] | null;
            } | null;
            /** @description How long Ollama keeps a model loaded: accepted, without effect here */
            keep_alive?: (string | number) | null;
        };
        OllamaShowRequestInput: {
            model?: string;
            /** @description The older name of `model` */
            name?: string;
            verbose?: boolean;
            system?: string;
            template?: string;
            options?: {
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                numa?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_ctx?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_batch?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_gpu?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                main_gpu?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                low_vram?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                f16_kv?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                logits_all?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                vocab_only?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                use_mmap?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                use_mlock?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                embedding_only?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_thread?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_keep?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                penalize_newline?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_gqa?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                rope_frequency_base?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                rope_frequency_scale?: number | boolean | null;
                seed?: number | null;
                /** @description max_tokens; -1 or -2: no limit */
                num_predict?: number | null;
                top_k?: number | null;
                top_p?: number | null;
                min_p?: number | null;
                tfs_z?: number | null;
                typical_p?: number | null;
                repeat_last_n?: number | null;
                temperature?: number | null;
                repeat_penalty?: number | null;
                presence_penalty?: number | null;
                frequency_penalty?: number | null;
                mirostat?: number | null;
                mirostat_tau?: number | null;
                mirostat_eta?: number | null;
                stop?: string[] | null;
            } | null;
        };
        OllamaPullRequestInput: {
            model?: string;
            /** @description The older name of `model` */
            name?: string;
            insecure?: boolean;
            stream?: boolean;
        };
        ModelInput: {
            id: string;
            /** @constant */
            object: "model";
            created: number;
            owned_by: string;
            /**
             * @description Anthropic's field: what `object` says
             * @constant
             */
            type: "model";
            /** @description Anthropic's field: the name, as it is sent as `model` */
            display_name: string;
            /** @description Anthropic's field: `created` as an RFC 3339 time */
            created_at: string;
        };
        ResponseInput: {
            id: string;
            /** @constant */
            object: "response";
            created_at: number;
            /** @enum {string} */
            status: "completed" | "incomplete" | "in_progress" | "failed";
            error: null;
            incomplete_details: {
                reason: string;
            } | null;
            instructions: string | null;
            max_output_tokens: number | null;
            model: string;
            output: ({
                /** @constant */
                type: "reasoning";
                id: string;
                summary: unknown[];
                content: {
                    /** @constant */
                    type: "reasoning_text";
                    text: string;
                }[];
                /** @description With include: ["reasoning.encrypted_content"]: the whole thinking block, to send back as it is */
                encrypted_content?: string;
                /** @enum {string} */
                status: "in_progress" | "completed" | "incomplete";
            } | {
                /** @constant */
                type: "message";
                id: string;
                /** @enum {string} */
                status: "in_progress" | "completed" | "incomplete";
                /** @constant */
                role: "assistant";
                content: {
                    /** @constant */
                    type: "output_text";
                    text: string;
                    annotations: unknown[];
                    logprobs: unknown[];
                }[];
            } | {
                /** @constant */
                type: "function_call";
                id: string;
                call_id: string;
                name: string;
                arguments: string;
                /** @enum {string} */
                status: "in_progress" | "completed" | "incomplete";
            })[];
            parallel_tool_calls: boolean;
            previous_response_id: string | null;
            reasoning: {
                effort: string | null;
                summary: null;
            };
            store: boolean;
            temperature: number | null;
            text: {
                format: {
                    [key: string]: unknown;
                };
            };
            tool_choice: unknown;
            tools: {
                [key: string]: unknown;
            }[];
            top_p: number | null;
            /** @constant */
            truncation: "disabled";
            usage: {
                input_tokens: number;
                input_tokens_details: {
                    cached_tokens: number;
                };
                output_tokens: number;
                output_tokens_details: {
                    reasoning_tokens: number;
                };
                total_tokens: number;
            } | null;
            user: string | null;
            metadata: {
                [key: string]: string;
            };
            /** @description Loremaster's id for the call: what POST /llm/feedback takes */
            call_id?: string;
            provider?: string;
        };
        SearchResultInput: {
            id: string;
            title: string;
            kind: string;
            source: string;
            tags: string[];
            text: string;
            /** @enum {string} */
            found_by: "lexical" | "vector" | "both";
            reasons: string[];
            scores: {
                lexical: number | null;
                lexical_rank: number | null;
                vector: number | null;
                vector_rank: number | null;
                fused: number;
                rerank: number | null;
                final: number;
            };
        };
        SearchResultsInput: {
            /** @constant */
            object: "list";
            world_id: string;
            query: {
                original: string;
                expansion: string[];
                mentioned: string[];
            };
            data: components["schemas"]["SearchResultInput"][];
            timings: {
                total_ms: number;
            };
        };
        ThemeInput: {
            /** @constant */
            object: "theme";
            id: string;
            name: string;
            description: string;
            tone: string;
            vocabulary: string[];
            banned_words: string[];
            anachronisms: string[];
            style_examples: string[];
            art_style: string | null;
            created_at: string;
            updated_at: string;
        };
        WebhookInput: {
            id: string;
            /** @constant */
            object: "webhook";
            url: string;
            types: string[];
            world_id: string | null;
            session_id: string | null;
            description: string | null;
            active: boolean;
            created_at: string;
            updated_at: string;
            deliveries?: {
                pending: number;
                delivered: number;
                dead: number;
            };
        };
        WebhookDeliveryInput: {
            id: number;
            /** @constant */
            object: "webhook.delivery";
            webhook_id: string;
            event_id: string;
            event_type: string;
            /** @enum {string} */
            status: "pending" | "delivered" | "dead";
            attempts: number;
            next_attempt_at: string | null;
            last_attempt_at: string | null;
            last_status: number | null;
            last_error: string | null;
            last_response: string | null;
            last_duration_ms: number | null;
            delivered_at: string | null;
            created_at: string;
            body?: {
                [key: string]: unknown;
            };
        };
        GeneratedCharacterInput: {
            /** @constant */
            object: "content";
            id: string;
            /** @constant */
            type: "character";
            content: {
                name: string;
                species: string;
                subrace?: string | null;
                class: string;
                subclass?: string | null;
                level: number;
                /** @default [] */
                multiclass: {
                    class: string;
                    level: number;
                }[];
                background?: string | null;
                alignment?: string | null;
                /** @enum {string} */
                ability_method: "point_buy" | "standard_array" | "rolled";
                base_ability_scores?: {
                    STR: number;
                    DEX: number;
                    CON: number;
                    INT: number;
                    WIS: number;
                    CHA: number;
                } | null;
                ability_scores: {
                    STR: number;
                    DEX: number;
                    CON: number;
                    INT: number;
                    WIS: number;
                    CHA: number;
                };
                hit_points: number;
                proficiency_bonus: number;
                saving_throws: string[];
                skills: string[];
                /** @default [] */
                spell_slots: number[];
                /** @default [] */
                cantrips: string[];
                /** @default [] */
                spells: string[];
                /** @default [] */
                equipment: string[];
                /** @default [] */
                attuned_items: string[];
                appearance: string;
                backstory: string;
                personality: {
                    traits: string[];
                    ideals: string;
                    bonds: string;
                    flaws: string;
                };
                /** @default null */
                image: {
                    id: string;
                    url: string;
                } | null;
            };
            validation: {
                valid: boolean;
                findings: {
                    /** @description A JSON path into the document */
                    path: string;
                    /** @enum {string} */
                    severity: "error" | "warning" | "info";
                    /** @enum {string} */
                    category: "schema" | "quality" | "theme" | "rules";
                    code: string;
                    message: string;
                    hint: string;
                }[];
                similarity: number | null;
                repairs: {
                    path: string;
                    action: string;
                }[];
                attempts: number;
            };
            theme: {
                id: string;
                name: string;
            } | null;
            prompt: {
                name: string;
                version: number;
                variant: string | null;
                arm: string | null;
            };
            call_id: string | null;
            provider: string;
            model: string;
            world_id: string | null;
            /** @description The entities saved in the world */
            entities: {
                id: string;
                type: string;
                name: string;
                version: number;
            }[];
        };
        GeneratedCampaignInput: {
            /** @constant */
            object: "content";
            id: string;
            /** @constant */
            type: "campaign";
            content: {
                name: string;
                premise: string;
                acts: {
                    title: string;
                    summary: string;
                }[];
                locations: {
                    name: string;
                    description: string;
                }[];
                npcs: {
                    name: string;
                    role: string;
                }[];
                hooks: string[];
                /** @default null */
                image: {
                    id: string;
                    url: string;
                } | null;
            };
            validation: {
                valid: boolean;
                findings: {
                    /** @description A JSON path into the document */
                    path: string;
                    /** @enum {string} */
                    severity: "error" | "warning" | "info";
                    /** @enum {string} */
                    category: "schema" | "quality" | "theme" | "rules";
                    code: string;
                    message: string;
                    hint: string;
                }[];
                similarity: number | null;
                repairs: {
                    path: string;
                    action: string;
                }[];
                attempts: number;
            };
            theme: {
                id: string;
                name: string;
            } | null;
            prompt: {
                name: string;
                version: number;
                variant: string | null;
                arm: string | null;
            };
            call_id: string | null;
            provider: string;
            model: string;
            world_id: string | null;
            /** @description The entities saved in the world */
            entities: {
                id: string;
                type: string;
                name: string;
                version: number;
            }[];
        };
        GeneratedLocationInput: {
            /** @constant */
            object: "content";
            id: string;
            /** @constant */
            type: "location";
            content: {
                name: string;
                kind: string;
                description: string;
                atmosphere: string;
                points_of_interest: {
                    name: string;
                    description: string;
                }[];
                /** @default [] */
                inhabitants: string[];
                /** @default [] */
                hooks: string[];
                /** @default null */
                image: {
                    id: string;
                    url: string;
                } | null;
            };
            validation: {
                valid: boolean;
                findings: {
                    /** @description A JSON path into the document */
                    path: string;
                    /** @enum {string} */
                    severity: "error" | "warning" | "info";
                    /** @enum {string} */
                    category: "schema" | "quality" | "theme" | "rules";
                    code: string;
                    message: string;
                    hint: string;
                }[];
                similarity: number | null;
                repairs: {
                    path: string;
                    action: string;
                }[];
                attempts: number;
            };
            theme: {
                id: string;
                name: string;
            } | null;
            prompt: {
                name: string;
                version: number;
                variant: string | null;
                arm: string | null;
            };
            call_id: string | null;
            provider: string;
            model: string;
            world_id: string | null;
            /** @description The entities saved in the world */
            entities: {
                id: string;
                type: string;
                name: string;
                version: number;
            }[];
        };
        GeneratedNpcInput: {
            /** @constant */
            object: "content";
            id: string;
            /** @constant */
            type: "npc";
            content: {
                name: string;
                species: string;
                occupation: string;
                appearance: string;
                personality: string;
                motivation: string;
                secret: string;
                speech: string;
                location?: string | null;
                /** @default [] */
                dialogue_samples: string[];
                /** @default null */
                image: {
                    id: string;
                    url: string;
                } | null;
            };
            validation: {
                valid: boolean;
                findings: {
                    /** @description A JSON path into the document */
                    path: string;
                    /** @enum {string} */
                    severity: "error" | "warning" | "info";
                    /** @enum {string} */
                    category: "schema" | "quality" | "theme" | "rules";
                    code: string;
                    message: string;
                    hint: string;
                }[];
                similarity: number | null;
                repairs: {
                    path: string;
                    action: string;
                }[];
                attempts: number;
            };
            theme: {
                id: string;
                name: string;
            } | null;
            prompt: {
                name: string;
                version: number;
                variant: string | null;
                arm: string | null;
            };
            call_id: string | null;
            provider: string;
            model: string;
            world_id: string | null;
            /** @description The entities saved in the world */
            entities: {
                id: string;
                type: string;
                name: string;
                version: number;
            }[];
        };
        GeneratedQuestInput: {
            /** @constant */
            object: "content";
            id: string;
            /** @constant */
            type: "quest";
            content: {
                name: string;
                giver: string;
                summary: string;
                objectives: {
                    description: string;
                    /** @default false */
                    optional: boolean;
                }[];
                rewards: string[];
                location?: string | null;
                /** @default [] */
                complications: string[];
                /** @default null */
                image: {
                    id: string;
                    url: string;
                } | null;
            };
            validation: {
                valid: boolean;
                findings: {
                    /** @description A JSON path into the document */
                    path: string;
                    /** @enum {string} */
                    severity: "error" | "warning" | "info";
                    /** @enum {string} */
                    category: "schema" | "quality" | "theme" | "rules";
                    code: string;
                    message: string;
                    hint: string;
                }[];
                similarity: number | null;
                repairs: {
                    path: string;
                    action: string;
                }[];
                attempts: number;
            };
            theme: {
                id: string;
                name: string;
            } | null;
            prompt: {
                name: string;
                version: number;
                variant: string | null;
                arm: string | null;
            };
            call_id: string | null;
            provider: string;
            model: string;
            world_id: string | null;
            /** @description The entities saved in the world */
            entities: {
                id: string;
                type: string;
                name: string;
                version: number;
            }[];
        };
        GeneratedItemInput: {
            /** @constant */
            object: "content";
            id: string;
            /** @constant */
            type: "item";
            content: {
                name: string;
                kind: string;
                base_item?: string | null;
                rarity: string;
                requires_attunement: boolean;
                /** @default [] */
                attunement_by: string[];
                description: string;
                properties: string[];
                value_gp: number;
                /** @default  */
                history: string;
                /** @default null */
                image: {
                    id: string;
                    url: string;
                } | null;
            };
            validation: {
                valid: boolean;
                findings: {
                    /** @description A JSON path into the document */
                    path: string;
                    /** @enum {string} */
                    severity: "error" | "warning" | "info";
                    /** @enum {string} */
                    category: "schema" | "quality" | "theme" | "rules";
                    code: string;
                    message: string;
                    hint: string;
                }[];
                similarity: number | null;
                repairs: {
                    path: string;
                    action: string;
                }[];
                attempts: number;
            };
            theme: {
                id: string;
                name: string;
            } | null;
            prompt: {
                name: string;
                version: number;
                variant: string | null;
                arm: string | null;
            };
            call_id: string | null;
            provider: string;
            model: string;
            world_id: string | null;
            /** @description The entities saved in the world */
            entities: {
                id: string;
                type: string;
                name: string;
                version: number;
            }[];
        };
        GeneratedEncounterInput: {
            /** @constant */
            object: "content";
            id: string;
            /** @constant */
            type: "encounter";
            content: {
                name: string;
                location: string;
                /** @enum {string} */
                difficulty: "easy" | "medium" | "hard" | "deadly";
                party_level: number;
                summary: string;
                creatures: {
                    name: string;
                    count: number;
                    role: string;
                }[];
                tactics: string;
                terrain: string;
                /** @default [] */
                rewards: string[];
                /** @default null */
                image: {
                    id: string;
                    url: string;
                } | null;
            };
            validation: {
                valid: boolean;
                findings: {
                    /** @description A JSON path into the document */
                    path: string;
                    /** @enum {string} */
                    severity: "error" | "warning" | "info";
                    /** @enum {string} */
                    category: "schema" | "quality" | "theme" | "rules";
                    code: string;
                    message: string;
                    hint: string;
                }[];
                similarity: number | null;
                repairs: {
                    path: string;
                    action: string;
                }[];
                attempts: number;
            };
            theme: {
                id: string;
                name: string;
            } | null;
            prompt: {
                name: string;
                version: number;
                variant: string | null;
                arm: string | null;
            };
            call_id: string | null;
            provider: string;
            model: string;
            world_id: string | null;
            /** @description The entities saved in the world */
            entities: {
                id: string;
                type: string;
                name: string;
                version: number;
            }[];
        };
        PromptVariableSpec: {
            /** @enum {string} */
            type: "string" | "number" | "integer" | "boolean" | "enum" | "array" | "object" | "json";
            description?: string;
            optional?: boolean;
            default?: unknown;
            values?: string[];
            items?: components["schemas"]["PromptVariableSpec"];
            properties?: {
                [key: string]: components["schemas"]["PromptVariableSpec"];
            };
            max_length?: number;
            min?: number;
            max?: number;
            max_items?: number;
        };
        Error: {
            error: {
                message: string;
                type: string;
                param?: string | null;
                code?: string | null;
            };
        };
        AnthropicError: {
            /** @constant */
            type: "error";
            error: {
                type: string;
                message: string;
            };
        };
        OllamaError: {
            error: string;
        };
        KoboldError: {
            detail: {
                msg: string;
                type: string;
            };
        };
        UsageAnalytics: {
            /** @enum {string} */
            period: "hour" | "day";
            /** @description The start of the first bucket */
            since: string;
            group_by: ("provider" | "model" | "role" | "kind" | "api_key") | null;
            totals: {
                requests: number;
                errors: number;
                input_tokens: number;
                output_tokens: number;
                cost_usd: number;
                cache_hits: number;
            };
            groups: {
                requests: number;
                errors: number;
                input_tokens: number;
                output_tokens: number;
                cost_usd: number;
                cache_hits: number;
                provider?: string | null;
                model?: string | null;
                role?: string | null;
                kind?: string | null;
                api_key?: string | null;
            }[];
            series: {
                requests: number;
                errors: number;
                input_tokens: number;
                output_tokens: number;
                cost_usd: number;
                cache_hits: number;
                provider?: string | null;
                model?: string | null;
                role?: string | null;
                kind?: string | null;
                api_key?: string | null;
                start: string;
            }[];
        };
        DetailedMetrics: {
            usage: {
                this_hour: {
                    requests: number;
                    errors: number;
                    input_tokens: number;
                    output_tokens: number;
                    cost_usd: number;
                    cache_hits: number;
                };
                today: {
                    requests: number;
                    errors: number;
                    input_tokens: number;
                    output_tokens: number;
                    cost_usd: number;
                    cache_hits: number;
                };
                memory: {
                    rows: number;
                    hour_buckets: number;
                    day_buckets: number;
                    overflowed: number;
                    unwritten: number;
                };
            };
            budgets: {
                name: string;
                /** @enum {string} */
                scope: "global" | "key";
                period: string;
                unit: string;
                limit: number;
                hard_stop: boolean;
                alert_at: number[];
                resets_at: string;
                usage: {
                    api_key_id: string | null;
                    used: number;
                    fraction: number;
                    exceeded: boolean;
                }[];
            }[];
            /** @description Every middleware's stats, by middleware */
            gateway: {
                [key: string]: unknown;
            };
        };
        AnthropicMessage: {
            id: string;
            /** @constant */
            type: "message";
            /** @constant */
            role: "assistant";
            model: string;
            content: ({
                /** @constant */
                type: "text";
                text: string;
            } | {
                /** @constant */
                type: "tool_use";
                id: string;
                name: string;
                input: unknown;
            } | {
                /** @constant */
                type: "thinking";
                thinking: string;
                signature: string;
            } | {
                /** @constant */
                type: "redacted_thinking";
                data: string;
            })[];
            stop_reason: string | null;
            stop_sequence: string | null;
            /** @description Tokens in and out (cache counts too) */
            usage: {
                input_tokens: number;
                output_tokens: number;
            } & {
                [key: string]: unknown;
            };
        };
        LlmCallSummary: {
            id: string;
            /** @constant */
            object: "llm.call";
            created_at: string;
            provider: string;
            model: string;
            /** @description generation, analysis, maintenance, embedding, or empty for a named model */
            role: string;
            /** @description chat, stream, embed, image, or what the caller said the call was: conversation, summary, prompt */
            kind: string;
            /** @enum {string} */
            status: "ok" | "error";
            latency_ms: number;
            first_token_ms: number | null;
            input_tokens: number;
            output_tokens: number;
            cost_usd: number;
            api_key_id: string | null;
            session_id: string | null;
            conversation_id: string | null;
            prompt: {
                id: string;
                version: number | null;
            } | null;
            error: {
                code: string | null;
                message: string | null;
            } | null;
            /** @description stop, length, tool_calls, content_filter…, when known */
            finish_reason: string | null;
            /** @description Why a body is missing or cut (bodies off, cut to database.call_log.bodies.max_chars) */
            body_note: string | null;
            /** @description The log kept its whole request: POST …/replay can send it again */
            replayable: boolean;
        };
        LlmCall: {
            id: string;
            /** @constant */
            object: "llm.call";
            created_at: string;
            provider: string;
            model: string;
            /** @description generation, analysis, maintenance, embedding, or empty for a named model */
            role: string;
            /** @description chat, stream, embed, image, or what the caller said the call was: conversation, summary, prompt */
            kind: string;
            /** @enum {string} */
            status: "ok" | "error";
            latency_ms: number;
            first_token_ms: number | null;
            input_tokens: number;
            output_tokens: number;
            cost_usd: number;
            api_key_id: string | null;
            session_id: string | null;
            conversation_id: string | null;
            prompt: {
                id: string;
                version: number | null;
            } | null;
            error: {
                code: string | null;
                message: string | null;
            } | null;
            /** @description stop, length, tool_calls, content_filter…, when known */
            finish_reason: string | null;
            /** @description Why a body is missing or cut (bodies off, cut to database.call_log.bodies.max_chars) */
            body_note: string | null;
            /** @description The log kept its whole request: POST …/replay can send it again */
            replayable: boolean;
            /** @description The request as the gateway received it ({kind, model, messages, options} for chat and stream calls, conversation, summary and prompt calls included; {kind, model, input, dimensions} for embeddings; {model, messages} for conversation calls logged by older versions), when the log kept it; the text as kept when it was cut */
            request: unknown;
            /** @description The model's answer (its text), when the log kept it */
            response: string | null;
            /** @description The answer's tool calls ([{id, name, arguments}]), or null; the text as kept when cut */
            tool_calls: unknown;
            /** @description Why POST …/replay would answer 409, or null */
            not_replayable_reason: string | null;
        };
        LlmCallReplay: {
            /** @constant */
            object: "llm.call.replay";
            original: components["schemas"]["LlmCall"];
            replay: {
                call_id: string;
                provider: string;
                model: string;
                text: string;
                tool_calls: {
                    id: string;
                    name: string;
                    arguments: string;
                }[];
                finish_reason: string | null;
                /** @description Embedding calls: the vectors that came back */
                embedding: {
                    count: number;
                    dimensions: number;
                } | null;
                latency_ms: number;
                input_tokens: number;
                output_tokens: number;
            };
        };
        Prompt: {
            /** @constant */
            object: "prompt";
            id: string;
            name: string;
            description: string | null;
            active_version: number | null;
            created_at: string;
            updated_at: string;
        };
        PromptVersion: {
            version: number;
            active: boolean;
            created_by: string | null;
            created_at: string;
            /** @enum {string} */
            role: "generation" | "analysis" | "maintenance";
            /** @enum {string} */
            output: "text" | "json";
            variants: string[];
            environments: string[];
            ab: {
                name: string;
                weight: number;
            }[];
            /** @description The version's whole definition */
            definition: {
                [key: string]: unknown;
            };
        };
        /** @description What the context builder kept and dropped */
        PromptContextReport: {
            budget_tokens: number;
            used_tokens: number;
            remaining_tokens: number;
            over_budget: boolean;
            included: {
                section: string;
                id: string;
                tokens: number;
            }[];
            dropped: {
                section: string;
                id: string;
                tokens: number;
                /** @enum {string} */
                reason: "budget" | "after_gap";
            }[];
            template_tokens: number;
            rendered_tokens: number;
        };
        PromptRender: {
            /** @constant */
            object: "prompt.render";
            prompt: string;
            version: number;
            model: string;
            provider: string;
            /** @description The provider variant used, or empty */
            variant: string;
            /** @description The environment override used, or empty */
            environment: string;
            /** @description The A/B arm, or empty */
            arm: string;
            messages: {
                role: string;
                content: string;
                name?: string;
            }[];
            temperature: number | null;
            max_tokens: number | null;
            json_schema: {
                [key: string]: unknown;
            } | null;
            context?: components["schemas"]["PromptContextReport"];
        };
        PromptCompletion: {
            /** @constant */
            object: "prompt.completion";
            /** @description What POST /llm/feedback takes */
            call_id: string;
            prompt: string;
            version: number;
            /** @description The provider variant used, or empty */
            variant: string;
            /** @description The environment override used, or empty */
            environment: string;
            /** @description The A/B arm, or empty */
            arm: string;
            provider: string;
            model: string;
            text: string;
            /** @description A JSON prompt: the parsed answer (null when it is not valid) */
            json?: unknown;
            usage: {
                prompt_tokens: number;
                completion_tokens: number;
                total_tokens: number;
            };
            context?: components["schemas"]["PromptContextReport"];
        };
        PromptStats: {
            /** @constant */
            object: "prompt.stats";
            prompt: string;
            id: string;
            active_version: number | null;
            data: {
                version: number;
                variant: string;
                arm: string;
                calls: number;
                errors: number;
                feedback: number;
                mean_rating: number | null;
                positive: number;
                negative: number;
            }[];
        };
        Feedback: {
            /** @constant */
            object: "feedback";
            id: number;
            call_id: string;
            rating: number;
            /** @enum {string} */
            thumbs?: "up" | "down";
            /** @description The prompt version the call ran, when it ran one */
            prompt: {
                id: string;
                version: number | null;
                variant: string | null;
                arm: string | null;
            } | null;
            created_at: string;
        };
        ContentValidation: {
            /** @constant */
            object: "content.validation";
            /** @enum {string} */
            type: "character" | "campaign" | "location" | "npc" | "quest" | "item" | "encounter";
            valid: boolean;
            findings: {
                /** @description A JSON path into the document */
                path: string;
                /** @enum {string} */
                severity: "error" | "warning" | "info";
                /** @enum {string} */
                category: "schema" | "quality" | "theme" | "rules";
                code: string;
                message: string;
                hint: string;
            }[];
            /** @description Closeness to the theme's style, when a theme applies */
            similarity: number | null;
            theme: {
                id: string;
                name: string;
            } | null;
        };
        ContentJob: {
            /** @constant */
            object: "content.job";
            id: string;
            type: string;
            /** @enum {string} */
            status: "queued" | "running" | "succeeded" | "failed";
            world_id: string | null;
            attempts: number;
            created_at: string;
            updated_at: string;
            finished_at: string | null;
            result: unknown;
            error: {
                type: string;
                message: string;
            } | null;
        };
        Conversation: {
            id: string;
            /** @constant */
            object: "conversation";
            title: string | null;
            system_prompt: string | null;
            model: string;
            metadata: {
                [key: string]: unknown;
            };
            message_count: number;
            world_id: string | null;
            session_id: string | null;
            context: {
                summary: string | null;
                from_message_id: number | null;
            };
            /** @description ISO 8601 */
            created_at: string;
            /** @description ISO 8601 */
            updated_at: string;
            archived_at: string | null;
        };
        ConversationMessage: {
            id: number;
            /** @constant */
            object: "conversation.message";
            /** @enum {string} */
            role: "system" | "user" | "assistant";
            content: string;
            name: string | null;
            tokens: number;
            provider: string | null;
            model: string | null;
            finish_reason: string | null;
            /** @description ISO 8601 */
            created_at: string;
        };
        ConversationWithMessages: {
            id: string;
            /** @constant */
            object: "conversation";
            title: string | null;
            system_prompt: string | null;
            model: string;
            metadata: {
                [key: string]: unknown;
            };
            message_count: number;
            world_id: string | null;
            session_id: string | null;
            context: {
                summary: string | null;
                from_message_id: number | null;
            };
            /** @description ISO 8601 */
            created_at: string;
            /** @description ISO 8601 */
            updated_at: string;
            archived_at: string | null;
            messages: components["schemas"]["ConversationMessage"][];
            has_more: boolean;
            /** @description Pass as `after` for the next page */
            next_after: number | null;
        };
        ConversationSearchHit: {
            conversation_id: string;
            /** @description null when the conversation's title matched */
            message_id: number | null;
            role: string | null;
            title: string | null;
            /** @description HTML-escaped, the matched words in <mark>…</mark> */
            snippet: string;
            score: number;
            /** @description ISO 8601 */
            created_at: string;
        };
        ConversationContextReport: {
            /** @enum {string} */
            strategy: "summarize" | "drop";
            /** @enum {string} */
            action: "none" | "summarized" | "dropped";
            removed_messages: number;
            prompt_tokens: number;
            budget_tokens: number;
            over_budget: boolean;
            summary_error?: string;
        };
        ConversationTurn: {
            /** @constant */
            object: "conversation.turn";
            conversation_id: string;
            /** @description What POST /llm/feedback takes */
            call_id: string;
            user_message: components["schemas"]["ConversationMessage"];
            message: components["schemas"]["ConversationMessage"];
            provider: string;
            model: string;
            usage: {
                prompt_tokens: number;
                completion_tokens: number;
                total_tokens: number;
            };
            context: components["schemas"]["ConversationContextReport"];
        };
        Event: {
            id: string;
            version: number;
            type: string;
            time: string;
            world_id: string | null;
            session_id: string | null;
            source: string;
            data: {
                [key: string]: unknown;
            };
            /** @description The event's place in the stored log */
            seq: number;
        };
        Health: {
            /** @enum {string} */
            status: "ok" | "degraded" | "down";
            version: string;
            uptime_s: number;
            /** @description server, gateway, and redis when configured */
            components: {
                [key: string]: string;
            };
            roles: {
                [key: string]: {
                    provider: string;
                    /** @enum {string} */
                    status: "ok" | "degraded" | "down";
                    /** @description The provider answering instead */
                    serving?: string;
                    reason?: string;
                };
            };
            providers: {
                [key: string]: {
                    /** @enum {string} */
                    status: "ok" | "degraded" | "down";
                    type: string;
                    reason?: string;
                    last_error?: string;
                    /** @description With ?deep=true */
                    probe?: {
                        [key: string]: unknown;
                    };
                } & {
                    [key: string]: unknown;
                };
            };
            /** @description Paid models with no price set */
            unpriced_models: string[];
            /** @description The image path (docs/images.md); it does not change the overall status */
            images: {
                /** @description images.provider: who draws first */
                provider: string;
                /** @enum {string} */
                status: "ok" | "degraded" | "down";
                /** @description Who draws now (the next of the chain when degraded) */
                serving?: string;
                reason?: string;
                providers: {
                    [key: string]: {
                        /** @enum {string} */
                        status: "ok" | "down";
                        type: string;
                        reason?: string;
                    };
                };
            };
        };
        ImageList: {
            created: number;
            data: {
                b64_json?: string;
                url?: string;
                revised_prompt?: string;
            }[];
            provider: string;
            model: string;
            image_ids: string[];
        };
        EntityImage: {
            /** @constant */
            object: "content.image";
            image: {
                id: string;
                url: string;
                content_type: string;
            };
            entity: {
                id: string;
                world_id: string;
                name: string;
                type: string;
                version: number;
            };
            /** @enum {string} */
            kind: "portrait" | "heraldry" | "map";
            prompt: string;
            provider: string;
            model: string;
            cost_usd: number;
            /** @enum {string} */
            cache: "hit" | "miss" | "skip";
            failed_over: string[];
        };
        TextCompletion: {
            id: string;
            /** @constant */
            object: "text_completion";
            created: number;
            model: string;
            provider: string;
            choices: {
                text: string;
                index: number;
                logprobs: {
                    tokens: string[];
                    token_logprobs: number[];
                    top_logprobs: {
                        [key: string]: number;
                    }[];
                    text_offset: number[];
                } | null;
                finish_reason: string | null;
            }[];
            usage: {
                prompt_tokens: number;
                completion_tokens: number;
                total_tokens: number;
            };
        };
        KoboldGeneration: {
            results: {
                text: string;
                /** @enum {string} */
                finish_reason: "stop" | "length";
                prompt_tokens: number;
                completion_tokens: number;
            }[];
            provider: string;
        };
        World: {
            id: string;
            /** @constant */
            object: "world";
            name: string;
            description: string | null;
            shared: boolean;
            settings: {
                [key: string]: unknown;
            };
            turn_count: number;
            entity_count: number;
            /** @description ISO 8601 */
            created_at: string;
            /** @description ISO 8601 */
            updated_at: string;
        };
        ImportedWorld: {
            id: string;
            /** @constant */
            object: "world";
            name: string;
            description: string | null;
            shared: boolean;
            settings: {
                [key: string]: unknown;
            };
            turn_count: number;
            entity_count: number;
            /** @description ISO 8601 */
            created_at: string;
            /** @description ISO 8601 */
            updated_at: string;
            import: {
                format: string;
                format_name: string;
                entities: number;
                warnings: string[];
            };
        };
        Entity: {
            id: string;
            /** @constant */
            object: "entity";
            world_id: string;
            /** @enum {string} */
            type: "character" | "location" | "item" | "faction" | "quest" | "concept" | "event";
            name: string;
            aliases: string[];
            tags: string[];
            description: string;
            note: string;
            connections: {
                entity_id: string | null;
                name: string;
                relation: string;
            }[];
            attributes: {
                [key: string]: string | number | boolean;
            };
            version: number;
            /** @enum {string} */
            scope: "canon" | "session";
            session_id: string | null;
            changed_by: string;
            /** @description ISO 8601 */
            created_at: string;
            /** @description ISO 8601 */
            updated_at: string;
        };
        EntityVersion: {
            version: number;
            /** @enum {string} */
            scope: "canon" | "session";
            session_id: string | null;
            name: string;
            note: string;
            /** @description The entity's fields at this version (description, note, aliases, tags, connections, attributes…) */
            data: {
                [key: string]: unknown;
            };
            changed_by: string;
            reason: string | null;
            turn_id: number | null;
            /** @description ISO 8601 */
            created_at: string;
        };
        EntityKnowledge: {
            /** @constant */
            object: "list";
            entity: {
                id: string;
                name: string;
                type: string;
            };
            session_id: string;
            data: {
                about: {
                    id: string;
                    name: string;
                };
                fact: string;
                /** @enum {string} */
                how: "present" | "told";
                turn_id: number | null;
                /** @description ISO 8601 */
                learned_at: string;
            }[];
        };
        Promotion: {
            /** @constant */
            object: "promotion";
            session_id: string;
            promoted: {
                entity_id: string;
                version: number;
            }[];
            conflicts: {
                entity_id: string;
                name: string;
                held_by: string;
                outcome: string;
            }[];
            unchanged: {
                entity_id: string;
                reason: string;
            }[];
        };
        StoredTurn: {
            id: number;
            number: number;
            input: string;
            output: string | null;
            analysed: boolean;
            /** @description What the analysis of the turn found (null until it ran) */
            analysis: unknown;
            /** @description ISO 8601 */
            created_at: string;
        };
        Session: {
            id: string;
            /** @constant */
            object: "session";
            world_id: string | null;
            player: string | null;
            /** @enum {string} */
            status: "active" | "ended";
            metadata: {
                [key: string]: unknown;
            };
            turn_count: number;
            /** @description ISO 8601 */
            created_at: string;
            /** @description ISO 8601 */
            updated_at: string;
            turns: components["schemas"]["StoredTurn"][];
        };
        SessionSummary: {
            id: string;
            /** @constant */
            object: "session";
            world_id: string | null;
            player: string | null;
            /** @enum {string} */
            status: "active" | "ended";
            metadata: {
                [key: string]: unknown;
            };
            turn_count: number;
            /** @description ISO 8601 */
            created_at: string;
            /** @description ISO 8601 */
            updated_at: string;
        };
        TurnTask: {
            /** @constant */
            object: "maintenance.task";
            id: string;
            /** @enum {string} */
            type: "ANALYZE_TURN" | "UPDATE_NOTE" | "CREATE_ENTITY" | "SIMULATE_WORLD" | "EMBED_DOCUMENTS" | "GENERATE_CONTENT" | "RUN_BATCH";
            /** @enum {string} */
            state: "pending" | "processing" | "completed" | "failed";
            /** @description How a completed task ended (done, already-done, skipped); null while it waits or runs, or failed */
            outcome: ("done" | "already-done" | "skipped") | null;
            /** @description The handler's word on a completed task: a skip's reason (e.g. the entity was deleted) */
            detail: string | null;
            /** @description The last failure (a task waiting for its retry keeps it) */
            error: string | null;
            attempts: number;
            max_attempts: number;
            /** @description ISO 8601 */
            created_at: string;
            /** @description When it completed or was dead-lettered */
            finished_at: string | null;
        };
        TurnTasks: {
            /** @constant */
            object: "list";
            session_id: string;
            turn_id: number;
            turn_number: number;
            /** @description Oldest first: the analysis and simulation, then their note, entity and embedding tasks */
            data: components["schemas"]["TurnTask"][];
        };
        Turn: {
            /** @constant */
            object: "turn";
            id: number;
            number: number;
            /** @description What POST /llm/feedback takes */
            call_id: string | null;
            session_id: string;
            world_id: string;
            narration: string;
            panel: {
                location: string | null;
                time: string | null;
                present: string[];
                objective: string | null;
                actions: string[];
                mood: string | null;
                visible_entities: {
                    id: string;
                    name: string;
                    type: string;
                }[];
            };
            provider: string;
            model: string;
            usage: {
                prompt_tokens: number;
                completion_tokens: number;
                total_tokens: number;
            };
            lore: {
                id: string;
                title: string;
                kind: string;
                /** @enum {string} */
                found_by: "lexical" | "vector" | "both";
                reasons: string[];
                score: number;
            }[];
            timings: {
                overhead_ms: number;
                retrieval_ms: number;
                model_ms: number;
                total_ms: number;
            };
        };
        Removed: {
            /** @enum {string} */
            object: "session" | "world";
            id: string;
            /** @constant */
            deleted: true;
            removed: {
                sessions: number;
                turns: number;
                entities: number;
                versions: number;
                facts: number;
                documents: number;
            };
        };
        LlamaCppCompletion: {
            index?: number;
            content?: string;
            tokens?: number[];
            id_slot?: number;
            /** @constant */
            stop?: true;
            model?: string;
            provider?: string;
            tokens_predicted?: number;
            tokens_evaluated?: number;
            tokens_cached?: number;
            generation_settings?: {
                [key: string]: unknown;
            };
            prompt?: string;
            has_new_line?: boolean;
            truncated?: boolean;
            /** @enum {string} */
            stop_type?: "eos" | "limit" | "word";
            stopping_word?: string;
            timings?: {
                prompt_n: number;
                prompt_ms: number;
                prompt_per_token_ms: number;
                prompt_per_second: number;
                predicted_n: number;
                predicted_ms: number;
                predicted_per_token_ms: number;
                predicted_per_second: number;
            };
        } & {
            [key: string]: unknown;
        };
        ChatCompletion: {
            id: string;
            /** @constant */
            object: "chat.completion";
            created: number;
            model: string;
            /** @description Loremaster's id for the call: what POST /llm/feedback takes */
            call_id?: string;
            provider: string;
            provider_model: string;
            choices: {
                index: number;
                message: {
                    /** @constant */
                    role: "assistant";
                    content: string | null;
                    /** @description The model's thinking before its answer, where its server returns it (open servers) */
                    reasoning_content?: string;
                    refusal: null;
                    tool_calls?: {
                        id: string;
                        /** @constant */
                        type: "function";
                        function: {
                            name: string;
                            arguments: string;
                        };
                    }[];
                };
                logprobs: {
                    content: {
                        token: string;
                        logprob: number;
                        bytes?: number[] | null;
                        top_logprobs?: ({
                            token: string;
                            logprob: number;
                        } & {
                            [key: string]: unknown;
                        })[];
                    }[];
                    refusal: null;
                } | null;
                finish_reason: string | null;
            }[];
            usage: {
                prompt_tokens: number;
                completion_tokens: number;
                total_tokens: number;
            };
        };
        EmbeddingList: {
            /** @constant */
            object: "list";
            data: {
                /** @constant */
                object: "embedding";
                index: number;
                /** @description floats, or with encoding_format base64 little-endian float32 bytes in base64 */
                embedding: number[] | string;
            }[];
            model: string;
            provider: string;
            provider_model?: string;
            usage: {
                prompt_tokens: number;
                total_tokens: number;
            };
        };
        LlmGeneration: {
            /** @constant */
            object: "llm.generation";
            /** @description What POST /llm/feedback takes (also x-loremaster-call-id) */
            call_id: string;
            text: string;
            prompt?: {
                name: string;
                version: number;
            };
            provider: string;
            model: string;
            /** @enum {string} */
            finish_reason: "stop" | "length" | "content_filter" | "tool_calls" | "error" | "other";
            cache: ("hit" | "miss" | "skip") | null;
            usage: {
                prompt_tokens: number;
                completion_tokens: number;
                total_tokens: number;
            };
            /** @description With json_schema (or a JSON prompt): the answer parsed */
            json?: unknown;
        };
        LlmBatch: {
            /** @constant */
            object: "llm.batch";
            id: string;
            /** @enum {string} */
            status: "queued" | "running" | "completed";
            progress: {
                total: number;
                done: number;
                succeeded: number;
                failed: number;
                pending: number;
            };
            metadata: {
                [key: string]: unknown;
            };
            created_at: string;
            finished_at: string | null;
            items: {
                index: number;
                /** @enum {string} */
                status: "pending" | "succeeded" | "failed";
                call_id: string | null;
                result: components["schemas"]["LlmGeneration"] | null;
                error: {
                    message: string;
                    type: string;
                    param?: string | null;
                    code?: string | null;
                } | null;
            }[];
        };
        PromptContext: {
            /** @constant */
            object: "context";
            prompt: string;
            version: number;
            model: string;
            session_id?: string;
            budget_tokens?: number;
            used_tokens?: number;
            remaining_tokens?: number;
            over_budget?: boolean;
            template_tokens?: number;
            rendered_tokens?: number;
            included?: {
                section: string;
                id: string;
                tokens: number;
            }[];
            dropped?: {
                section: string;
                id: string;
                tokens: number;
                /** @enum {string} */
                reason: "budget" | "after_gap";
            }[];
            /** @description A session's call: what it was built from (state, notes, lore, turns, what an NPC knows) */
            inputs?: {
                [key: string]: unknown;
            };
            /** @description Any prompt: the variables' names it was given */
            variables?: string[];
            /** @description What the model is sent */
            messages: {
                role: string;
                content: string;
                name?: string;
                toolCalls?: unknown[];
                toolCallId?: string;
            }[];
        };
        DialogueLine: {
            /** @constant */
            object: "dialogue_line";
            session_id: string;
            speaker: {
                id: string;
                name: string;
            };
            text: string;
            knows: string[];
            provider: string;
            model: string;
            usage: {
                prompt_tokens: number;
                completion_tokens: number;
                total_tokens: number;
            };
        };
        LlmStatus: {
            /** @constant */
            object: "llm.status";
            roles: {
                [key: string]: {
                    provider: string;
                    model: string | null;
                };
            };
            providers: {
                [key: string]: {
                    type: string;
                    /** @enum {string} */
                    status: "ok" | "degraded" | "down";
                    /** @description closed, open or half_open */
                    circuit: string;
                    /** @description Why the provider is unavailable */
                    reason?: string;
                };
            };
            queues: {
                /** @description Calls waiting in the gateway's priority queue */
                gateway: {
                    high: number;
                    medium: number;
                    low: number;
                };
                /** @description Calls running, by provider */
                in_flight: {
                    [key: string]: number;
                };
                /** @description The maintenance queue by state */
                maintenance: {
                    /** @enum {string} */
                    backend: "table" | "pg-boss";
                    pending: number;
                    processing: number;
                    completed: number;
                    failed: number;
                    dead: number;
                };
            };
            cache: {
                enabled: boolean;
                hits: number;
                misses: number;
                hit_rate: number | null;
            };
            budgets: {
                name: string;
                /** @enum {string} */
                scope: "global" | "key";
                period: string;
                unit: string;
                limit: number;
                hard_stop: boolean;
                resets_at: string;
                used: {
                    api_key_id: string | null;
                    used: number;
                    fraction: number;
                    exceeded: boolean;
                }[];
            }[];
        };
        MaintenanceTaskQueued: {
            /** @constant */
            object: "maintenance.task";
            id: string;
            /** @enum {string} */
            type: "ANALYZE_TURN" | "SIMULATE_WORLD";
            turn_id?: number;
            world_id?: string;
        };
        MaintenanceTask: {
            /** @constant */
            object: "maintenance.task";
            id: string;
            /** @enum {string} */
            type: "ANALYZE_TURN" | "UPDATE_NOTE" | "CREATE_ENTITY" | "SIMULATE_WORLD" | "EMBED_DOCUMENTS" | "GENERATE_CONTENT" | "RUN_BATCH";
            /** @enum {string} */
            state: "pending" | "processing" | "completed" | "failed";
            /** @enum {string} */
            priority: "high" | "medium" | "low";
            attempts: number;
            max_attempts: number;
            world_id: string | null;
            session_id: string | null;
            /** @description The task's input */
            data: unknown;
            error: string | null;
            created_at: string;
        };
        DeadLetter: {
            /** @constant */
            object: "maintenance.task";
            id: string;
            /** @enum {string} */
            type: "ANALYZE_TURN" | "UPDATE_NOTE" | "CREATE_ENTITY" | "SIMULATE_WORLD" | "EMBED_DOCUMENTS" | "GENERATE_CONTENT" | "RUN_BATCH";
            /** @enum {string} */
            state: "pending" | "processing" | "completed" | "failed";
            /** @enum {string} */
            priority: "high" | "medium" | "low";
            attempts: number;
            max_attempts: number;
            world_id: string | null;
            session_id: string | null;
            /** @description The task's input */
            data: unknown;
            error: string | null;
            created_at: string;
            /** @description The model's raw text, when the task failed on it */
            raw_output: string | null;
            failed_at: string | null;
        };
        MaintenanceQueueStatus: {
            /** @constant */
            object: "maintenance.queue_status";
            /** @enum {string} */
            backend: "table" | "pg-boss";
            totals: {
                pending: number;
                processing: number;
                completed: number;
                failed: number;
            };
            /** @description Counts by task type, then state */
            by_type: {
                [key: string]: {
                    pending: number;
                    processing: number;
                    completed: number;
                    failed: number;
                };
            };
            oldest_pending_age_ms: number | null;
            throughput: {
                completed_last_minute: number;
                per_second: number;
            };
            failures: {
                dead: number;
                recent: {
                    id: string;
                    /** @enum {string} */
                    type: "ANALYZE_TURN" | "UPDATE_NOTE" | "CREATE_ENTITY" | "SIMULATE_WORLD" | "EMBED_DOCUMENTS" | "GENERATE_CONTENT" | "RUN_BATCH";
                    error: string | null;
                    failed_at: string | null;
                }[];
            };
            /** @description This process's workers */
            workers: {
                completed: number;
                failed: number;
                running: number;
            }[];
        };
        OllamaChatRequest: {
            model: string;
            messages?: {
                /** @enum {string} */
                role: "system" | "user" | "assistant" | "tool";
                content: string;
                /** @description An assistant's earlier thinking: sent back to an open server, left out for the others */
                thinking?: string;
                images?: string[] | null;
                tool_calls?: {
                    id?: string;
                    /** @constant */
                    type?: "function";
                    function: {
                        index?: number;
                        name: string;
                        arguments: {
                            [key: string]: unknown;
                        };
                    };
                }[];
                /** @description A tool message: the tool whose result it is */
                tool_name?: string;
                tool_call_id?: string;
            }[];
            tools?: {
                /** @constant */
                type: "function";
                function: {
                    name: string;
                    description?: string;
                    parameters?: {
                        [key: string]: unknown;
                    };
                } & {
                    [key: string]: unknown;
                };
            }[];
            /** @description "json", or a JSON schema the answer must follow */
            format?: ("json" | "" | {
                [key: string]: unknown;
            }) | null;
            options?: {
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                numa?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_ctx?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_batch?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_gpu?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                main_gpu?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                low_vram?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                f16_kv?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                logits_all?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                vocab_only?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                use_mmap?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                use_mlock?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                embedding_only?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_thread?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_keep?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                penalize_newline?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_gqa?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                rope_frequency_base?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                rope_frequency_scale?: number | boolean | null;
                seed?: number | null;
                /** @description max_tokens; -1 or -2: no limit */
                num_predict?: number | null;
                top_k?: number | null;
                top_p?: number | null;
                min_p?: number | null;
                tfs_z?: number | null;
                typical_p?: number | null;
                repeat_last_n?: number | null;
                temperature?: number | null;
                repeat_penalty?: number | null;
                presence_penalty?: number | null;
                frequency_penalty?: number | null;
                mirostat?: number | null;
                mirostat_tau?: number | null;
                mirostat_eta?: number | null;
                stop?: string[] | null;
            } | null;
            /** @description true (the default): newline-delimited JSON */
            stream?: boolean;
            /** @description How long Ollama keeps a model loaded: accepted, without effect here */
            keep_alive?: (string | number) | null;
            /** @description true (medium) or a level: think at that effort, the thinking returned in `thinking` where the provider shows it (Anthropic, offline; OpenAI-format providers take it as their reasoning effort); false: no thinking */
            think?: (boolean | ("low" | "medium" | "high")) | null;
            logprobs?: boolean;
            top_logprobs?: number;
        };
        OllamaGenerateRequest: {
            model: string;
            prompt?: string;
            /** @description Fill-in-the-middle: only OpenAI-compatible servers take it */
            suffix?: string;
            system?: string;
            /** @description Ollama prompt templates are not run here: refused unless empty */
            template?: string;
            /** @description Ollama's token context: refused unless empty (send the text instead) */
            context?: number[];
            images?: string[] | null;
            /** @description true: the prompt is sent as it is (a text completion) */
            raw?: boolean;
            /** @description "json", or a JSON schema the answer must follow */
            format?: ("json" | "" | {
                [key: string]: unknown;
            }) | null;
            options?: {
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                numa?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_ctx?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_batch?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_gpu?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                main_gpu?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                low_vram?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                f16_kv?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                logits_all?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                vocab_only?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                use_mmap?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                use_mlock?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                embedding_only?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_thread?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_keep?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                penalize_newline?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_gqa?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                rope_frequency_base?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                rope_frequency_scale?: number | boolean | null;
                seed?: number | null;
                /** @description max_tokens; -1 or -2: no limit */
                num_predict?: number | null;
                top_k?: number | null;
                top_p?: number | null;
                min_p?: number | null;
                tfs_z?: number | null;
                typical_p?: number | null;
                repeat_last_n?: number | null;
                temperature?: number | null;
                repeat_penalty?: number | null;
                presence_penalty?: number | null;
                frequency_penalty?: number | null;
                mirostat?: number | null;
                mirostat_tau?: number | null;
                mirostat_eta?: number | null;
                stop?: string[] | null;
            } | null;
            /** @description true (the default): newline-delimited JSON */
            stream?: boolean;
            /** @description How long Ollama keeps a model loaded: accepted, without effect here */
            keep_alive?: (string | number) | null;
            /** @description true (medium) or a level: think at that effort, the thinking returned in `thinking` where the provider shows it (Anthropic, offline; OpenAI-format providers take it as their reasoning effort); false: no thinking */
            think?: (boolean | ("low" | "medium" | "high")) | null;
            logprobs?: boolean;
            top_logprobs?: number;
        };
        OllamaEmbedRequest: {
            model: string;
            input: string | string[];
            truncate?: boolean;
            dimensions?: number;
            options?: {
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                numa?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_ctx?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_batch?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_gpu?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                main_gpu?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                low_vram?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                f16_kv?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                logits_all?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                vocab_only?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                use_mmap?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                use_mlock?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                embedding_only?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_thread?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_keep?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                penalize_newline?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_gqa?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                rope_frequency_base?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                rope_frequency_scale?: number | boolean | null;
                seed?: number | null;
                /** @description max_tokens; -1 or -2: no limit */
                num_predict?: number | null;
                top_k?: number | null;
                top_p?: number | null;
                min_p?: number | null;
                tfs_z?: number | null;
                typical_p?: number | null;
                repeat_last_n?: number | null;
                temperature?: number | null;
                repeat_penalty?: number | null;
                presence_penalty?: number | null;
                frequency_penalty?: number | null;
                mirostat?: number | null;
                mirostat_tau?: number | null;
                mirostat_eta?: number | null;
                stop?: string[] | null;
            } | null;
            /** @description How long Ollama keeps a model loaded: accepted, without effect here */
            keep_alive?: (string | number) | null;
        };
        OllamaEmbeddingsRequest: {
            model: string;
            prompt: string;
            options?: {
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                numa?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_ctx?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_batch?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_gpu?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                main_gpu?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                low_vram?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                f16_kv?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                logits_all?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                vocab_only?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                use_mmap?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                use_mlock?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                embedding_only?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_thread?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_keep?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                penalize_newline?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_gqa?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                rope_frequency_base?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                rope_frequency_scale?: number | boolean | null;
                seed?: number | null;
                /** @description max_tokens; -1 or -2: no limit */
                num_predict?: number | null;
                top_k?: number | null;
                top_p?: number | null;
                min_p?: number | null;
                tfs_z?: number | null;
                typical_p?: number | null;
                repeat_last_n?: number | null;
                temperature?: number | null;
                repeat_penalty?: number | null;
                presence_penalty?: number | null;
                frequency_penalty?: number | null;
                mirostat?: number | null;
                mirostat_tau?: number | null;
                mirostat_eta?: number | null;
                stop?: string[] | null;
            } | null;
            /** @description How long Ollama keeps a model loaded: accepted, without effect here */
            keep_alive?: (string | number) | null;
        };
        OllamaShowRequest: {
            model?: string;
            /** @description The older name of `model` */
            name?: string;
            verbose?: boolean;
            system?: string;
            template?: string;
            options?: {
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                numa?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_ctx?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_batch?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_gpu?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                main_gpu?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                low_vram?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                f16_kv?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                logits_all?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                vocab_only?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                use_mmap?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                use_mlock?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                embedding_only?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_thread?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_keep?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                penalize_newline?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                num_gqa?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                rope_frequency_base?: number | boolean | null;
                /** @description How an Ollama server loads or runs the model: accepted, without effect here */
                rope_frequency_scale?: number | boolean | null;
                seed?: number | null;
                /** @description max_tokens; -1 or -2: no limit */
                num_predict?: number | null;
                top_k?: number | null;
                top_p?: number | null;
                min_p?: number | null;
                tfs_z?: number | null;
                typical_p?: number | null;
                repeat_last_n?: number | null;
                temperature?: number | null;
                repeat_penalty?: number | null;
                presence_penalty?: number | null;
                frequency_penalty?: number | null;
                mirostat?: number | null;
                mirostat_tau?: number | null;
                mirostat_eta?: number | null;
                stop?: string[] | null;
            } | null;
        };
        OllamaPullRequest: {
            model?: string;
            /** @description The older name of `model` */
            name?: string;
            insecure?: boolean;
            stream?: boolean;
        };
        Model: {
            id: string;
            /** @constant */
            object: "model";
            created: number;
            owned_by: string;
            /**
             * @description Anthropic's field: what `object` says
             * @constant
             */
            type: "model";
            /** @description Anthropic's field: the name, as it is sent as `model` */
            display_name: string;
            /** @description Anthropic's field: `created` as an RFC 3339 time */
            created_at: string;
        };
        Response: {
            id: string;
            /** @constant */
            object: "response";
            created_at: number;
            /** @enum {string} */
            status: "completed" | "incomplete" | "in_progress" | "failed";
            error: null;
            incomplete_details: {
                reason: string;
            } | null;
            instructions: string | null;
            max_output_tokens: number | null;
            model: string;
            output: ({
                /** @constant */
                type: "reasoning";
                id: string;
                summary: unknown[];
                content: {
                    /** @constant */
                    type: "reasoning_text";
                    text: string;
                }[];
                /** @description With include: ["reasoning.encrypted_content"]: the whole thinking block, to send back as it is */
                encrypted_content?: string;
                /** @enum {string} */
                status: "in_progress" | "completed" | "incomplete";
            } | {
                /** @constant */
                type: "message";
                id: string;
                /** @enum {string} */
                status: "in_progress" | "completed" | "incomplete";
                /** @constant */
                role: "assistant";
                content: {
                    /** @constant */
                    type: "output_text";
                    text: string;
                    annotations: unknown[];
                    logprobs: unknown[];
                }[];
            } | {
                /** @constant */
                type: "function_call";
                id: string;
                call_id: string;
                name: string;
                arguments: string;
                /** @enum {string} */
                status: "in_progress" | "completed" | "incomplete";
            })[];
            parallel_tool_calls: boolean;
            previous_response_id: string | null;
            reasoning: {
                effort: string | null;
                summary: null;
            };
            store: boolean;
            temperature: number | null;
            text: {
                format: {
                    [key: string]: unknown;
                };
            };
            tool_choice: unknown;
            tools: {
                [key: string]: unknown;
            }[];
            top_p: number | null;
            /** @constant */
            truncation: "disabled";
            usage: {
                input_tokens: number;
                input_tokens_details: {
                    cached_tokens: number;
                };
                output_tokens: number;
                output_tokens_details: {
                    reasoning_tokens: number;
                };
                total_tokens: number;
            } | null;
            user: string | null;
            metadata: {
                [key: string]: string;
            };
            /** @description Loremaster's id for the call: what POST /llm/feedback takes */
            call_id?: string;
            provider?: string;
        };
        SearchResult: {
            id: string;
            title: string;
            kind: string;
            source: string;
            tags: string[];
            text: string;
            /** @enum {string} */
            found_by: "lexical" | "vector" | "both";
            reasons: string[];
            scores: {
                lexical: number | null;
                lexical_rank: number | null;
                vector: number | null;
                vector_rank: number | null;
                fused: number;
                rerank: number | null;
                final: number;
            };
        };
        SearchResults: {
            /** @constant */
            object: "list";
            world_id: string;
            query: {
                original: string;
                expansion: string[];
                mentioned: string[];
            };
            data: components["schemas"]["SearchResult"][];
            timings: {
                total_ms: number;
            };
        };
        Theme: {
            /** @constant */
            object: "theme";
            id: string;
            name: string;
            description: string;
            tone: string;
            vocabulary: string[];
            banned_words: string[];
            anachronisms: string[];
            style_examples: string[];
            art_style: string | null;
            created_at: string;
            updated_at: string;
        };
        Webhook: {
            id: string;
            /** @constant */
            object: "webhook";
            url: string;
            types: string[];
            world_id: string | null;
            session_id: string | null;
            description: string | null;
            active: boolean;
            created_at: string;
            updated_at: string;
            deliveries?: {
                pending: number;
                delivered: number;
                dead: number;
            };
        };
        WebhookDelivery: {
            id: number;
            /** @constant */
            object: "webhook.delivery";
            webhook_id: string;
            event_id: string;
            event_type: string;
            /** @enum {string} */
            status: "pending" | "delivered" | "dead";
            attempts: number;
            next_attempt_at: string | null;
            last_attempt_at: string | null;
            last_status: number | null;
            last_error: string | null;
            last_response: string | null;
            last_duration_ms: number | null;
            delivered_at: string | null;
            created_at: string;
            body?: {
                [key: string]: unknown;
            };
        };
        GeneratedCharacter: {
            /** @constant */
            object: "content";
            id: string;
            /** @constant */
            type: "character";
            content: {
                name: string;
                species: string;
                subrace?: string | null;
                class: string;
                subclass?: string | null;
                level: number;
                /** @default [] */
                multiclass: {
                    class: string;
                    level: number;
                }[];
                background?: string | null;
                alignment?: string | null;
                /** @enum {string} */
                ability_method: "point_buy" | "standard_array" | "rolled";
                base_ability_scores?: {
                    STR: number;
                    DEX: number;
                    CON: number;
                    INT: number;
                    WIS: number;
                    CHA: number;
                } | null;
                ability_scores: {
                    STR: number;
                    DEX: number;
                    CON: number;
                    INT: number;
                    WIS: number;
                    CHA: number;
                };
                hit_points: number;
                proficiency_bonus: number;
                saving_throws: string[];
                skills: string[];
                /** @default [] */
                spell_slots: number[];
                /** @default [] */
                cantrips: string[];
                /** @default [] */
                spells: string[];
                /** @default [] */
                equipment: string[];
                /** @default [] */
                attuned_items: string[];
                appearance: string;
                backstory: string;
                personality: {
                    traits: string[];
                    ideals: string;
                    bonds: string;
                    flaws: string;
                };
                /** @default null */
                image: {
                    id: string;
                    url: string;
                } | null;
            };
            validation: {
                valid: boolean;
                findings: {
                    /** @description A JSON path into the document */
                    path: string;
                    /** @enum {string} */
                    severity: "error" | "warning" | "info";
                    /** @enum {string} */
                    category: "schema" | "quality" | "theme" | "rules";
                    code: string;
                    message: string;
                    hint: string;
                }[];
                similarity: number | null;
                repairs: {
                    path: string;
                    action: string;
                }[];
                attempts: number;
            };
            theme: {
                id: string;
                name: string;
            } | null;
            prompt: {
                name: string;
                version: number;
                variant: string | null;
                arm: string | null;
            };
            call_id: string | null;
            provider: string;
            model: string;
            world_id: string | null;
            /** @description The entities saved in the world */
            entities: {
                id: string;
                type: string;
                name: string;
                version: number;
            }[];
        };
        GeneratedCampaign: {
            /** @constant */
            object: "content";
            id: string;
            /** @constant */
            type: "campaign";
            content: {
                name: string;
                premise: string;
                acts: {
                    title: string;
                    summary: string;
                }[];
                locations: {
                    name: string;
                    description: string;
                }[];
                npcs: {
                    name: string;
                    role: string;
                }[];
                hooks: string[];
                /** @default null */
                image: {
                    id: string;
                    url: string;
                } | null;
            };
            validation: {
                valid: boolean;
                findings: {
                    /** @description A JSON path into the document */
                    path: string;
                    /** @enum {string} */
                    severity: "error" | "warning" | "info";
                    /** @enum {string} */
                    category: "schema" | "quality" | "theme" | "rules";
                    code: string;
                    message: string;
                    hint: string;
                }[];
                similarity: number | null;
                repairs: {
                    path: string;
                    action: string;
                }[];
                attempts: number;
            };
            theme: {
                id: string;
                name: string;
            } | null;
            prompt: {
                name: string;
                version: number;
                variant: string | null;
                arm: string | null;
            };
            call_id: string | null;
            provider: string;
            model: string;
            world_id: string | null;
            /** @description The entities saved in the world */
            entities: {
                id: string;
                type: string;
                name: string;
                version: number;
            }[];
        };
        GeneratedLocation: {
            /** @constant */
            object: "content";
            id: string;
            /** @constant */
            type: "location";
            content: {
                name: string;
                kind: string;
                description: string;
                atmosphere: string;
                points_of_interest: {
                    name: string;
                    description: string;
                }[];
                /** @default [] */
                inhabitants: string[];
                /** @default [] */
                hooks: string[];
                /** @default null */
                image: {
                    id: string;
                    url: string;
                } | null;
            };
            validation: {
                valid: boolean;
                findings: {
                    /** @description A JSON path into the document */
                    path: string;
                    /** @enum {string} */
                    severity: "error" | "warning" | "info";
                    /** @enum {string} */
                    category: "schema" | "quality" | "theme" | "rules";
                    code: string;
                    message: string;
                    hint: string;
                }[];
                similarity: number | null;
                repairs: {
                    path: string;
                    action: string;
                }[];
                attempts: number;
            };
            theme: {
                id: string;
                name: string;
            } | null;
            prompt: {
                name: string;
                version: number;
                variant: string | null;
                arm: string | null;
            };
            call_id: string | null;
            provider: string;
            model: string;
            world_id: string | null;
            /** @description The entities saved in the world */
            entities: {
                id: string;
                type: string;
                name: string;
                version: number;
            }[];
        };
        GeneratedNpc: {
            /** @constant */
            object: "content";
            id: string;
            /** @constant */
            type: "npc";
            content: {
                name: string;
                species: string;
                occupation: string;
                appearance: string;
                personality: string;
                motivation: string;
                secret: string;
                speech: string;
                location?: string | null;
                /** @default [] */
                dialogue_samples: string[];
                /** @default null */
                image: {
                    id: string;
                    url: string;
                } | null;
            };
            validation: {
                valid: boolean;
                findings: {
                    /** @description A JSON path into the document */
                    path: string;
                    /** @enum {string} */
                    severity: "error" | "warning" | "info";
                    /** @enum {string} */
                    category: "schema" | "quality" | "theme" | "rules";
                    code: string;
                    message: string;
                    hint: string;
                }[];
                similarity: number | null;
                repairs: {
                    path: string;
                    action: string;
                }[];
                attempts: number;
            };
            theme: {
                id: string;
                name: string;
            } | null;
            prompt: {
                name: string;
                version: number;
                variant: string | null;
                arm: string | null;
            };
            call_id: string | null;
            provider: string;
            model: string;
            world_id: string | null;
            /** @description The entities saved in the world */
            entities: {
                id: string;
                type: string;
                name: string;
                version: number;
            }[];
        };
        GeneratedQuest: {
            /** @constant */
            object: "content";
            id: string;
            /** @constant */
            type: "quest";
            content: {
                name: string;
                giver: string;
                summary: string;
                objectives: {
                    description: string;
                    /** @default false */
                    optional: boolean;
                }[];
                rewards: string[];
                location?: string | null;
                /** @default [] */
                complications: string[];
                /** @default null */
                image: {
                    id: string;
                    url: string;
                } | null;
            };
            validation: {
                valid: boolean;
                findings: {
                    /** @description A JSON path into the document */
                    path: string;
                    /** @enum {string} */
                    severity: "error" | "warning" | "info";
                    /** @enum {string} */
                    category: "schema" | "quality" | "theme" | "rules";
                    code: string;
                    message: string;
                    hint: string;
                }[];
                similarity: number | null;
                repairs: {
                    path: string;
                    action: string;
                }[];
                attempts: number;
            };
            theme: {
                id: string;
                name: string;
            } | null;
            prompt: {
                name: string;
                version: number;
                variant: string | null;
                arm: string | null;
            };
            call_id: string | null;
            provider: string;
            model: string;
            world_id: string | null;
            /** @description The entities saved in the world */
            entities: {
                id: string;
                type: string;
                name: string;
                version: number;
            }[];
        };
        GeneratedItem: {
            /** @constant */
            object: "content";
            id: string;
            /** @constant */
            type: "item";
            content: {
                name: string;
                kind: string;
                base_item?: string | null;
                rarity: string;
                requires_attunement: boolean;
                /** @default [] */
                attunement_by: string[];
                description: string;
                properties: string[];
                value_gp: number;
                /** @default  */
                history: string;
                /** @default null */
                image: {
                    id: string;
                    url: string;
                } | null;
            };
            validation: {
                valid: boolean;
                findings: {
                    /** @description A JSON path into the document */
                    path: string;
                    /** @enum {string} */
                    severity: "error" | "warning" | "info";
                    /** @enum {string} */
                    category: "schema" | "quality" | "theme" | "rules";
                    code: string;
                    message: string;
                    hint: string;
                }[];
                similarity: number | null;
                repairs: {
                    path: string;
                    action: string;
                }[];
                attempts: number;
            };
            theme: {
                id: string;
                name: string;
            } | null;
            prompt: {
                name: string;
                version: number;
                variant: string | null;
                arm: string | null;
            };
            call_id: string | null;
            provider: string;
            model: string;
            world_id: string | null;
            /** @description The entities saved in the world */
            entities: {
                id: string;
                type: string;
                name: string;
                version: number;
            }[];
        };
        GeneratedEncounter: {
            /** @constant */
            object: "content";
            id: string;
            /** @constant */
            type: "encounter";
            content: {
                name: string;
                location: string;
                /** @enum {string} */
                difficulty: "easy" | "medium" | "hard" | "deadly";
                party_level: number;
                summary: string;
                creatures: {
                    name: string;
                    count: number;
                    role: string;
                }[];
                tactics: string;
                terrain: string;
                /** @default [] */
                rewards: string[];
                /** @default null */
                image: {
                    id: string;
                    url: string;
                } | null;
            };
            validation: {
                valid: boolean;
                findings: {
                    /** @description A JSON path into the document */
                    path: string;
                    /** @enum {string} */
                    severity: "error" | "warning" | "info";
                    /** @enum {string} */
                    category: "schema" | "quality" | "theme" | "rules";
                    code: string;
                    message: string;
                    hint: string;
                }[];
                similarity: number | null;
                repairs: {
                    path: string;
                    action: string;
                }[];
                attempts: number;
            };
            theme: {
                id: string;
                name: string;
            } | null;
            prompt: {
                name: string;
                version: number;
                variant: string | null;
                arm: string | null;
            };
            call_id: string | null;
            provider: string;
            model: string;
            world_id: string | null;
            /** @description The entities saved in the world */
            entities: {
                id: string;
                type: string;
                name: string;
                version: number;
            }[];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getOpenapiJson: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        openapi: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headOpenapiJson: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        openapi: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getDocs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headDocs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getDocsStaticFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                file: "swagger-ui.css" | "swagger-ui-bundle.js" | "swagger-ui-standalone-preset.js" | "favicon-32x32.png";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/css; charset=utf-8": string;
                    "application/javascript; charset=utf-8": string;
                    "image/png": string;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headDocsStaticFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                file: "swagger-ui.css" | "swagger-ui-bundle.js" | "swagger-ui-standalone-preset.js" | "favicon-32x32.png";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/css; charset=utf-8": string;
                    "application/javascript; charset=utf-8": string;
                    "image/png": string;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getRoot: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headRoot: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getDashboardAssetsFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                file: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/javascript; charset=utf-8": string;
                    "text/css; charset=utf-8": string;
                    "image/svg+xml": string;
                    "image/png": string;
                    "font/woff2": string;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headDashboardAssetsFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                file: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/javascript; charset=utf-8": string;
                    "text/css; charset=utf-8": string;
                    "image/svg+xml": string;
                    "image/png": string;
                    "font/woff2": string;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getHealth: {
        parameters: {
            query?: {
                deep?: "0" | "1" | "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headHealth: {
        parameters: {
            query?: {
                deep?: "0" | "1" | "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getHealthLive: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ok";
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headHealthLive: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ok";
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getHealthReady: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ready" | "not_ready";
                        checks: {
                            /** @enum {string} */
                            store: "ok" | "unreachable" | "absent";
                            /** @enum {string} */
                            migrations: "ok" | "pending" | "unknown";
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ready" | "not_ready";
                        checks: {
                            /** @enum {string} */
                            store: "ok" | "unreachable" | "absent";
                            /** @enum {string} */
                            migrations: "ok" | "pending" | "unknown";
                        };
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headHealthReady: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ready" | "not_ready";
                        checks: {
                            /** @enum {string} */
                            store: "ok" | "unreachable" | "absent";
                            /** @enum {string} */
                            migrations: "ok" | "pending" | "unknown";
                        };
                    };
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ready" | "not_ready";
                        checks: {
                            /** @enum {string} */
                            store: "ok" | "unreachable" | "absent";
                            /** @enum {string} */
                            migrations: "ok" | "pending" | "unknown";
                        };
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getV1Models: {
        parameters: {
            query?: {
                /** @description Anthropic paging: at most this many models (all of them when left out) */
                limit?: number;
                /** @description Anthropic paging: the models after this one */
                after_id?: string;
                /** @description Anthropic paging: the models before this one */
                before_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["Model"][];
                        has_more: boolean;
                        first_id: string | null;
                        last_id: string | null;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headV1Models: {
        parameters: {
            query?: {
                /** @description Anthropic paging: at most this many models (all of them when left out) */
                limit?: number;
                /** @description Anthropic paging: the models after this one */
                after_id?: string;
                /** @description Anthropic paging: the models before this one */
                before_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["Model"][];
                        has_more: boolean;
                        first_id: string | null;
                        last_id: string | null;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getV1ModelsAny: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                "*": string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Model"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headV1ModelsAny: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                "*": string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Model"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postV1ChatCompletions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    model: string;
                    messages: ({
                        /** @enum {string} */
                        role: "system" | "developer";
                        content: (string | {
                            /** @enum {string} */
                            type: "text";
                            text: string;
                        }[]) | null;
                        name?: string;
                    } | {
                        /** @enum {string} */
                        role: "user";
                        content: (string | ({
                            /** @enum {string} */
                            type: "text";
                            text: string;
                        } | {
                            /** @enum {string} */
                            type: "image_url";
                            image_url: {
                                url: string;
                                /** @enum {string} */
                                detail?: "auto" | "low" | "high";
                            };
                        })[]) | null;
                        name?: string;
                    } | {
                        /** @enum {string} */
                        role: "assistant";
                        content?: (string | {
                            /** @enum {string} */
                            type: "text";
                            text: string;
                        }[]) | null;
                        name?: string;
                        tool_calls?: {
                            id: string;
                            /** @enum {string} */
                            type: "function";
                            function: {
                                name: string;
                                arguments: string;
                            };
                        }[] | null;
                        reasoning_content?: string | null;
                        refusal?: string | null;
                        annotations?: unknown[] | null;
                        audio?: null;
                        function_call?: null;
                    } | {
                        /** @enum {string} */
                        role: "tool";
                        content: string | {
                            /** @enum {string} */
                            type: "text";
                            text: string;
                        }[];
                        name?: string;
                        tool_call_id: string;
                    })[];
                    temperature?: number | null;
                    top_p?: number | null;
                    max_tokens?: number | null;
                    max_completion_tokens?: number | null;
                    stop?: (string | string[]) | null;
                    seed?: number | null;
                    n?: number | null;
                    stream?: boolean | null;
                    stream_options?: {
                        include_usage?: boolean;
                    } | null;
                    response_format?: ({
                        /** @enum {string} */
                        type: "text";
                    } | {
                        /** @enum {string} */
                        type: "json_object";
                    } | {
                        /** @enum {string} */
                        type: "json_schema";
                        json_schema: {
                            name?: string;
                            description?: string;
                            schema?: {
                                [key: string]: unknown;
                            };
                            strict?: boolean | null;
                        };
                    }) | null;
                    tools?: {
                        /** @enum {string} */
                        type: "function";
                        function: {
                            name: string;
                            description?: string;
                            parameters?: {
                                [key: string]: unknown;
                            };
                            strict?: boolean | null;
                        };
                    }[] | null;
                    tool_choice?: (("none" | "auto" | "required") | {
                        /** @enum {string} */
                        type: "function";
                        function: {
                            name: string;
                        };
                    }) | null;
                    parallel_tool_calls?: boolean | null;
                    logprobs?: boolean | null;
                    top_logprobs?: number | null;
                    frequency_penalty?: number | null;
                    presence_penalty?: number | null;
                    top_k?: number | null;
                    logit_bias?: {
                        [key: string]: number;
                    } | null;
                    user?: string;
                    safety_identifier?: string | null;
                    prompt_cache_key?: string | null;
                    reasoning_effort?: ("none" | "minimal" | "low" | "medium" | "high" | "xhigh" | "max") | null;
                    verbosity?: ("low" | "medium" | "high") | null;
                    metadata?: {
                        [key: string]: string;
                    } | null;
                    store?: boolean | null;
                    service_tier?: ("auto" | "default" | "flex" | "scale" | "priority") | null;
                    modalities?: ("text" | "audio")[] | null;
                    audio?: null;
                    /** @description text-generation-webui: another name for max_tokens */
                    max_new_tokens?: number | null;
                    /** @description llama.cpp: another name for max_tokens */
                    n_predict?: number | null;
                    /** @description Ollama: another name for max_tokens */
                    num_predict?: number | null;
                    /** @description text-generation-webui: another name for stop */
                    stopping_strings?: string[] | null;
                    /** @description text-generation-webui: another name for seed */
                    sampler_seed?: number | null;
                    /** @description llama.cpp, vLLM, Ollama, webui (sampler; see the parameter table) */
                    min_p?: number | null;
                    /** @description locally typical sampling (sampler; see the parameter table) */
                    typical_p?: number | null;
                    /** @description KoboldCpp: another name for typical_p */
                    typical?: number | null;
                    /** @description tail-free sampling (sampler; see the parameter table) */
                    tfs?: number | null;
                    /** @description llama.cpp, Ollama: another name for tfs */
                    tfs_z?: number | null;
                    /** @description top-a (sampler; see the parameter table) */
                    top_a?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    epsilon_cutoff?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    eta_cutoff?: number | null;
                    /** @description top-nσ (sampler; see the parameter table) */
                    nsigma?: number | null;
                    /** @description llama.cpp: another name for nsigma */
                    top_n_sigma?: number | null;
                    /** @description llama.cpp, webui (sampler; see the parameter table) */
                    min_keep?: number | null;
                    /** @description TabbyAPI (sampler; see the parameter table) */
                    skew?: number | null;
                    /** @description vLLM, webui, TabbyAPI (sampler; see the parameter table) */
                    repetition_penalty?: number | null;
                    /** @description KoboldCpp: another name for repetition_penalty */
                    rep_pen?: number | null;
                    /** @description llama.cpp, Ollama: another name for repetition_penalty */
                    repeat_penalty?: number | null;
                    /** @description tokens the penalty looks back over (sampler; see the parameter table) */
                    repetition_penalty_range?: number | null;
                    /** @description KoboldCpp: another name for repetition_penalty_range */
                    rep_pen_range?: number | null;
                    /** @description llama.cpp, Ollama: another name for repetition_penalty_range */
                    repeat_last_n?: number | null;
                    /** @description llama.cpp (older), LLM for Unity: newlines count for the repetition penalty (sampler; see the parameter table) */
                    penalize_nl?: boolean | null;
                    /** @description llama.cpp (older), LLM for Unity: what the repetition penalty reads instead of the prompt (sampler; see the parameter table) */
                    penalty_prompt?: (string | number[]) | null;
                    /** @description KoboldCpp (sampler; see the parameter table) */
                    rep_pen_slope?: number | null;
                    /** @description TabbyAPI (sampler; see the parameter table) */
                    repetition_decay?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    encoder_repetition_penalty?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    no_repeat_ngram_size?: number | null;
                    /** @description DRY (sampler; see the parameter table) */
                    dry_multiplier?: number | null;
                    /** @description DRY (sampler; see the parameter table) */
                    dry_base?: number | null;
                    /** @description DRY (sampler; see the parameter table) */
                    dry_allowed_length?: number | null;
                    /** @description DRY (a JSON list in a string, or a list) (sampler; see the parameter table) */
                    dry_sequence_breakers?: (string | string[]) | null;
                    /** @description DRY (sampler; see the parameter table) */
                    dry_penalty_last_n?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    dynamic_temperature?: boolean | null;
                    /** @description llama.cpp, TabbyAPI (sampler; see the parameter table) */
                    dynatemp_range?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    dynatemp_low?: number | null;
                    /** @description Aphrodite: another name for dynatemp_low */
                    dynatemp_min?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    dynatemp_high?: number | null;
                    /** @description Aphrodite: another name for dynatemp_high */
                    dynatemp_max?: number | null;
                    /** @description dynamic temperature (sampler; see the parameter table) */
                    dynatemp_exponent?: number | null;
                    /** @description quadratic sampling (sampler; see the parameter table) */
                    smoothing_factor?: number | null;
                    /** @description quadratic sampling (sampler; see the parameter table) */
                    smoothing_curve?: number | null;
                    /** @description webui, TabbyAPI, Aphrodite (sampler; see the parameter table) */
                    temperature_last?: boolean | null;
                    /** @description webui, TabbyAPI (sampler; see the parameter table) */
                    mirostat_mode?: number | null;
                    /** @description llama.cpp: another name for mirostat_mode */
                    mirostat?: number | null;
                    /** @description Mirostat (sampler; see the parameter table) */
                    mirostat_tau?: number | null;
                    /** @description Mirostat (sampler; see the parameter table) */
                    mirostat_eta?: number | null;
                    /** @description XTC (sampler; see the parameter table) */
                    xtc_probability?: number | null;
                    /** @description XTC (sampler; see the parameter table) */
                    xtc_threshold?: number | null;
                    /** @description llama.cpp adaptive-p (sampler; see the parameter table) */
                    adaptive_target?: number | null;
                    /** @description adaptive-p (sampler; see the parameter table) */
                    adaptive_decay?: number | null;
                    /** @description llama.cpp sampler order (sampler; see the parameter table) */
                    samplers?: (string | string[]) | null;
                    /** @description webui order (sampler; see the parameter table) */
                    sampler_priority?: string[] | null;
                    /** @description KoboldCpp order (sampler; see the parameter table) */
                    sampler_order?: number[] | null;
                    /** @description vLLM, webui (sampler; see the parameter table) */
                    min_tokens?: number | null;
                    /** @description webui: another name for min_tokens */
                    min_length?: number | null;
                    /** @description llama.cpp, vLLM (sampler; see the parameter table) */
                    ignore_eos?: boolean | null;
                    /** @description webui: another name for ignore_eos */
                    ban_eos_token?: boolean | null;
                    /** @description KoboldCpp: bans the end-of-text token: another name for ignore_eos */
                    use_default_badwordsids?: boolean | null;
                    /** @description KoboldCpp: another name for ignore_eos */
                    bypass_eos?: boolean | null;
                    /** @description KoboldCpp: special tokens written out in the text (sampler; see the parameter table) */
                    render_special?: boolean | null;
                    /** @description webui, TabbyAPI (sampler; see the parameter table) */
                    add_bos_token?: boolean | null;
                    /** @description vLLM, webui (sampler; see the parameter table) */
                    skip_special_tokens?: boolean | null;
                    /** @description vLLM (sampler; see the parameter table) */
                    spaces_between_special_tokens?: boolean | null;
                    /** @description vLLM (sampler; see the parameter table) */
                    include_stop_str_in_output?: boolean | null;
                    /** @description KoboldCpp (sampler; see the parameter table) */
                    trim_stop?: boolean | null;
                    /** @description vLLM (sampler; see the parameter table) */
                    stop_token_ids?: number[] | null;
                    /** @description webui, TabbyAPI, Aphrodite: token ids (sampler; see the parameter table) */
                    custom_token_bans?: (string | number[]) | null;
                    /** @description TabbyAPI, KoboldCpp (sampler; see the parameter table) */
                    banned_strings?: string[] | null;
                    /** @description KoboldCpp: phrases it never writes: another name for banned_strings */
                    banned_tokens?: string[] | null;
                    /** @description webui (false: greedy) (sampler; see the parameter table) */
                    do_sample?: boolean | null;
                    /** @description webui (sampler; see the parameter table) */
                    num_beams?: number | null;
                    /** @description vLLM (sampler; see the parameter table) */
                    use_beam_search?: boolean | null;
                    /** @description beam search (sampler; see the parameter table) */
                    length_penalty?: number | null;
                    /** @description beam search (sampler; see the parameter table) */
                    early_stopping?: boolean | null;
                    /** @description webui contrastive search (sampler; see the parameter table) */
                    penalty_alpha?: number | null;
                    /** @description webui CFG (sampler; see the parameter table) */
                    guidance_scale?: number | null;
                    /** @description webui CFG (sampler; see the parameter table) */
                    negative_prompt?: string | null;
                    /** @description vLLM: keep the last N prompt tokens (sampler; see the parameter table) */
                    truncate_prompt_tokens?: number | null;
                    /** @description llama.cpp, KoboldCpp: GBNF (constraint; see the parameter table) */
                    grammar?: string | null;
                    /** @description webui, TabbyAPI: another name for grammar */
                    grammar_string?: string | null;
                    /** @description vLLM: another name for grammar */
                    guided_grammar?: string | null;
                    /** @description llama.cpp, TabbyAPI: a JSON schema as grammar (constraint; see the parameter table) */
                    json_schema?: {
                        [key: string]: unknown;
                    } | null;
                    /** @description vLLM: another name for json_schema */
                    guided_json?: {
                        [key: string]: unknown;
                    } | null;
                    /** @description vLLM (constraint; see the parameter table) */
                    guided_regex?: string | null;
                    /** @description vLLM (constraint; see the parameter table) */
                    guided_choice?: string[] | null;
                    /** @description KoboldCpp (constraint; see the parameter table) */
                    grammar_retain_state?: boolean | null;
                    /** @description reasoning in the text (constraint; see the parameter table) */
                    include_reasoning?: boolean | null;
                    /** @description webui: paces the stream (constraint; see the parameter table) */
                    max_tokens_second?: number | null;
                    /** @description llama.cpp: reuse the KV cache (hint; see the parameter table) */
                    cache_prompt?: boolean | null;
                    /** @description llama.cpp: the slot to run in (-1: any idle one) (hint; see the parameter table) */
                    id_slot?: number | null;
                    /** @description llama.cpp: prompt tokens kept when the context shifts (hint; see the parameter table) */
                    n_keep?: number | null;
                    /** @description llama.cpp: the least KV cache chunk reused (hint; see the parameter table) */
                    n_cache_reuse?: number | null;
                    /** @description TabbyAPI: speculative decoding (hint; see the parameter table) */
                    speculative_ngram?: boolean | null;
                    /** @description webui: the context size the prompt fits (hint; see the parameter table) */
                    truncation_length?: number | null;
                    /** @description KoboldCpp: the context size the prompt fits: another name for truncation_length */
                    max_context_length?: number | null;
                    /** @description Ollama: the context size the prompt fits (hint; see the parameter table) */
                    num_ctx?: number | null;
                    /** @description Ollama: batch size (hint; see the parameter table) */
                    num_batch?: number | null;
                    /** @description vLLM: which guided-decoding engine (hint; see the parameter table) */
                    guided_decoding_backend?: string | null;
                    /** @description vLLM: whitespace in guided JSON (hint; see the parameter table) */
                    guided_whitespace_pattern?: string | null;
                    /** @description SillyTavern's backend type (client; see the parameter table) */
                    api_type?: string | null;
                    /** @description SillyTavern's backend URL (client; see the parameter table) */
                    api_server?: string | null;
                    /** @description KoboldCpp: the key a client polls its generation by (client; see the parameter table) */
                    genkey?: string | null;
                    /** @description KoboldCpp: keep the prompt out of the server log (client; see the parameter table) */
                    quiet?: boolean | null;
                    /** @description llama.cpp's probabilities, which Loremaster does not return: send logprobs (refused; see the parameter table) */
                    n_probs?: number | null;
                    /** @description webui's retired /v1/generate (refused; see the parameter table) */
                    legacy_api?: boolean | null;
                };
            };
        };
        responses: {
            /** @description A chat.completion, or with `stream: true` its chunks as server-sent events */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatCompletion"];
                    "text/event-stream": string;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postV1Messages: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    model: string;
                    messages: {
                        /** @enum {string} */
                        role: "user" | "assistant";
                        content: string | ({
                            /** @enum {string} */
                            type: "text";
                            text: string;
                            cache_control?: {
                                /** @enum {string} */
                                type: "ephemeral";
                                ttl?: string;
                            } | null;
                            citations?: unknown[] | null;
                        } | {
                            /** @enum {string} */
                            type: "image";
                            source: {
                                /** @enum {string} */
                                type: "base64";
                                media_type: string;
                                data: string;
                            } | {
                                /** @enum {string} */
                                type: "url";
                                url: string;
                            };
                            cache_control?: {
                                /** @enum {string} */
                                type: "ephemeral";
                                ttl?: string;
                            } | null;
                        } | {
                            /** @enum {string} */
                            type: "tool_use";
                            id: string;
                            name: string;
                            input: {
                                [key: string]: unknown;
                            };
                            cache_control?: {
                                /** @enum {string} */
                                type: "ephemeral";
                                ttl?: string;
                            } | null;
                            caller?: {
                                /** @enum {string} */
                                type: "direct";
                            };
                        } | {
                            /** @enum {string} */
                            type: "tool_result";
                            tool_use_id: string;
                            content?: string | ({
                                /** @enum {string} */
                                type: "text";
                                text: string;
                                cache_control?: {
                                    /** @enum {string} */
                                    type: "ephemeral";
                                    ttl?: string;
                                } | null;
                                citations?: unknown[] | null;
                            } | {
                                /** @enum {string} */
                                type: "image";
                                source: {
                                    /** @enum {string} */
                                    type: "base64";
                                    media_type: string;
                                    data: string;
                                } | {
                                    /** @enum {string} */
                                    type: "url";
                                    url: string;
                                };
                                cache_control?: {
                                    /** @enum {string} */
                                    type: "ephemeral";
                                    ttl?: string;
                                } | null;
                            })[];
                            is_error?: boolean;
                            cache_control?: {
                                /** @enum {string} */
                                type: "ephemeral";
                                ttl?: string;
                            } | null;
                        } | {
                            /** @enum {string} */
                            type: "thinking";
                            thinking: string;
                            signature: string;
                        } | {
                            /** @enum {string} */
                            type: "redacted_thinking";
                            data: string;
                        })[];
                    }[];
                    system?: string | {
                        /** @enum {string} */
                        type: "text";
                        text: string;
                        cache_control?: {
                            /** @enum {string} */
                            type: "ephemeral";
                            ttl?: string;
                        } | null;
                        citations?: unknown[] | null;
                    }[];
                    tools?: {
                        name: string;
                        description?: string;
                        input_schema: {
                            /** @enum {string} */
                            type: "object";
                        } & {
                            [key: string]: unknown;
                        };
                        /** @enum {string} */
                        type?: "custom";
                        cache_control?: {
                            /** @enum {string} */
                            type: "ephemeral";
                            ttl?: string;
                        } | null;
                        strict?: boolean;
                        eager_input_streaming?: boolean | null;
                    }[];
                    tool_choice?: {
                        /** @enum {string} */
                        type: "auto";
                        disable_parallel_tool_use?: boolean;
                    } | {
                        /** @enum {string} */
                        type: "any";
                        disable_parallel_tool_use?: boolean;
                    } | {
                        /** @enum {string} */
                        type: "tool";
                        name: string;
                        disable_parallel_tool_use?: boolean;
                    } | {
                        /** @enum {string} */
                        type: "none";
                    };
                    thinking?: {
                        /** @enum {string} */
                        type: "enabled";
                        /** @description Tokens the model may think with: at least 1,024, and less than max_tokens */
                        budget_tokens: number;
                        display?: ("summarized" | "omitted") | null;
                    } | {
                        /** @enum {string} */
                        type: "adaptive";
                        display?: ("summarized" | "omitted") | null;
                    } | {
                        /** @enum {string} */
                        type: "disabled";
                    };
                    cache_control?: {
                        /** @enum {string} */
                        type: "ephemeral";
                        ttl?: string;
                    } | null;
                    output_config?: {
                        format?: {
                            /** @enum {string} */
                            type: "json_schema";
                            schema: {
                                [key: string]: unknown;
                            };
                        } | null;
                        effort?: ("low" | "medium" | "high" | "xhigh" | "max") | null;
                    };
                    output_format?: {
                        /** @enum {string} */
                        type: "json_schema";
                        schema: {
                            [key: string]: unknown;
                        };
                    } | null;
                    max_tokens: number;
                    stop_sequences?: string[];
                    stream?: boolean;
                    temperature?: number;
                    top_p?: number;
                    top_k?: number;
                    metadata?: {
                        user_id?: string | null;
                    };
                    /** @enum {string} */
                    service_tier?: "auto" | "standard_only";
                };
            };
        };
        responses: {
            /** @description A message, or with `stream: true` its events as server-sent events */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicMessage"];
                    "text/event-stream": string;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
        };
    };
    postV1MessagesCountTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    model: string;
                    messages: {
                        /** @enum {string} */
                        role: "user" | "assistant";
                        content: string | ({
                            /** @enum {string} */
                            type: "text";
                            text: string;
                            cache_control?: {
                                /** @enum {string} */
                                type: "ephemeral";
                                ttl?: string;
                            } | null;
                            citations?: unknown[] | null;
                        } | {
                            /** @enum {string} */
                            type: "image";
                            source: {
                                /** @enum {string} */
                                type: "base64";
                                media_type: string;
                                data: string;
                            } | {
                                /** @enum {string} */
                                type: "url";
                                url: string;
                            };
                            cache_control?: {
                                /** @enum {string} */
                                type: "ephemeral";
                                ttl?: string;
                            } | null;
                        } | {
                            /** @enum {string} */
                            type: "tool_use";
                            id: string;
                            name: string;
                            input: {
                                [key: string]: unknown;
                            };
                            cache_control?: {
                                /** @enum {string} */
                                type: "ephemeral";
                                ttl?: string;
                            } | null;
                            caller?: {
                                /** @enum {string} */
                                type: "direct";
                            };
                        } | {
                            /** @enum {string} */
                            type: "tool_result";
                            tool_use_id: string;
                            content?: string | ({
                                /** @enum {string} */
                                type: "text";
                                text: string;
                                cache_control?: {
                                    /** @enum {string} */
                                    type: "ephemeral";
                                    ttl?: string;
                                } | null;
                                citations?: unknown[] | null;
                            } | {
                                /** @enum {string} */
                                type: "image";
                                source: {
                                    /** @enum {string} */
                                    type: "base64";
                                    media_type: string;
                                    data: string;
                                } | {
                                    /** @enum {string} */
                                    type: "url";
                                    url: string;
                                };
                                cache_control?: {
                                    /** @enum {string} */
                                    type: "ephemeral";
                                    ttl?: string;
                                } | null;
                            })[];
                            is_error?: boolean;
                            cache_control?: {
                                /** @enum {string} */
                                type: "ephemeral";
                                ttl?: string;
                            } | null;
                        } | {
                            /** @enum {string} */
                            type: "thinking";
                            thinking: string;
                            signature: string;
                        } | {
                            /** @enum {string} */
                            type: "redacted_thinking";
                            data: string;
                        })[];
                    }[];
                    system?: string | {
                        /** @enum {string} */
                        type: "text";
                        text: string;
                        cache_control?: {
                            /** @enum {string} */
                            type: "ephemeral";
                            ttl?: string;
                        } | null;
                        citations?: unknown[] | null;
                    }[];
                    tools?: {
                        name: string;
                        description?: string;
                        input_schema: {
                            /** @enum {string} */
                            type: "object";
                        } & {
                            [key: string]: unknown;
                        };
                        /** @enum {string} */
                        type?: "custom";
                        cache_control?: {
                            /** @enum {string} */
                            type: "ephemeral";
                            ttl?: string;
                        } | null;
                        strict?: boolean;
                        eager_input_streaming?: boolean | null;
                    }[];
                    tool_choice?: {
                        /** @enum {string} */
                        type: "auto";
                        disable_parallel_tool_use?: boolean;
                    } | {
                        /** @enum {string} */
                        type: "any";
                        disable_parallel_tool_use?: boolean;
                    } | {
                        /** @enum {string} */
                        type: "tool";
                        name: string;
                        disable_parallel_tool_use?: boolean;
                    } | {
                        /** @enum {string} */
                        type: "none";
                    };
                    thinking?: {
                        /** @enum {string} */
                        type: "enabled";
                        /** @description Tokens the model may think with: at least 1,024, and less than max_tokens */
                        budget_tokens: number;
                        display?: ("summarized" | "omitted") | null;
                    } | {
                        /** @enum {string} */
                        type: "adaptive";
                        display?: ("summarized" | "omitted") | null;
                    } | {
                        /** @enum {string} */
                        type: "disabled";
                    };
                    cache_control?: {
                        /** @enum {string} */
                        type: "ephemeral";
                        ttl?: string;
                    } | null;
                    output_config?: {
                        format?: {
                            /** @enum {string} */
                            type: "json_schema";
                            schema: {
                                [key: string]: unknown;
                            };
                        } | null;
                        effort?: ("low" | "medium" | "high" | "xhigh" | "max") | null;
                    };
                    output_format?: {
                        /** @enum {string} */
                        type: "json_schema";
                        schema: {
                            [key: string]: unknown;
                        };
                    } | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        input_tokens: number;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AnthropicError"];
                };
            };
        };
    };
    postV1Responses: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    model: string;
                    input: string | ({
                        /** @enum {string} */
                        type?: "message";
                        /** @enum {string} */
                        role: "user" | "assistant" | "system" | "developer";
                        content: string | ({
                            /** @enum {string} */
                            type: "input_text";
                            text: string;
                        } | {
                            /** @enum {string} */
                            type: "output_text";
                            text: string;
                            annotations?: unknown[];
                            logprobs?: unknown[];
                        } | {
                            /** @enum {string} */
                            type: "refusal";
                            refusal: string;
                        } | {
                            /** @enum {string} */
                            type: "input_image";
                            image_url: string;
                            /** @enum {string} */
                            detail?: "auto" | "low" | "high";
                            file_id?: null;
                        })[];
                        id?: string;
                        /** @enum {string} */
                        status?: "in_progress" | "completed" | "incomplete";
                        phase?: ("commentary" | "final_answer") | null;
                    } | {
                        /** @enum {string} */
                        type: "function_call";
                        call_id: string;
                        name: string;
                        arguments: string;
                        id?: string;
                        /** @enum {string} */
                        status?: "in_progress" | "completed" | "incomplete";
                    } | {
                        /** @enum {string} */
                        type: "function_call_output";
                        call_id: string;
                        output: string | ({
                            /** @enum {string} */
                            type: "input_text";
                            text: string;
                        } | {
                            /** @enum {string} */
                            type: "input_image";
                            image_url: string;
                            /** @enum {string} */
                            detail?: "auto" | "low" | "high";
                            file_id?: null;
                        })[];
                        id?: string | null;
                        status?: ("in_progress" | "completed" | "incomplete") | null;
                    } | {
                        /** @enum {string} */
                        type: "item_reference";
                        id: string;
                    } | {
                        /** @enum {string} */
                        type: "reasoning";
                        id?: string;
                        summary?: {
                            /** @enum {string} */
                            type: "summary_text";
                            text: string;
                        }[];
                        content?: {
                            /** @enum {string} */
                            type: "reasoning_text";
                            text: string;
                        }[] | null;
                        encrypted_content?: string | null;
                        status?: ("in_progress" | "completed" | "incomplete") | null;
                    })[];
                    instructions?: string | null;
                    tools?: unknown[];
                    tool_choice?: ("none" | "auto" | "required") | {
                        /** @enum {string} */
                        type: "function";
                        name: string;
                    };
                    parallel_tool_calls?: boolean | null;
                    text?: {
                        format?: {
                            /** @enum {string} */
                            type: "text";
                        } | {
                            /** @enum {string} */
                            type: "json_object";
                        } | {
                            /** @enum {string} */
                            type: "json_schema";
                            name: string;
                            schema: {
                                [key: string]: unknown;
                            };
                            description?: string | null;
                            strict?: boolean | null;
                        };
                        verbosity?: ("low" | "medium" | "high") | null;
                    };
                    max_output_tokens?: number | null;
                    temperature?: number | null;
                    top_p?: number | null;
                    metadata?: {
                        [key: string]: string;
                    } | null;
                    user?: string;
                    safety_identifier?: string | null;
                    prompt_cache_key?: string | null;
                    store?: boolean | null;
                    stream?: boolean | null;
                    stream_options?: {
                        /** @enum {boolean} */
                        include_obfuscation?: false;
                    } | null;
                    reasoning?: {
                        effort?: ("none" | "minimal" | "low" | "medium" | "high" | "xhigh" | "max") | null;
                        summary?: null;
                        generate_summary?: null;
                    } | null;
                    service_tier?: ("auto" | "default" | "flex" | "scale" | "priority") | null;
                    truncation?: "disabled" | null;
                    include?: "reasoning.encrypted_content"[] | null;
                    top_logprobs?: 0 | null;
                    previous_response_id?: string | null;
                    conversation?: null;
                    background?: false | null;
                };
            };
        };
        responses: {
            /** @description A response, or with `stream: true` its events as server-sent events */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Response"];
                    "text/event-stream": string;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getV1ResponsesId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Response"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteV1ResponsesId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        object: "response";
                        /** @enum {boolean} */
                        deleted: true;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headV1ResponsesId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Response"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getV1ResponsesIdInputItems: {
        parameters: {
            query?: {
                limit?: number;
                order?: "asc" | "desc";
                after?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: {
                            [key: string]: unknown;
                        }[];
                        first_id: string | null;
                        last_id: string | null;
                        has_more: boolean;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headV1ResponsesIdInputItems: {
        parameters: {
            query?: {
                limit?: number;
                order?: "asc" | "desc";
                after?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: {
                            [key: string]: unknown;
                        }[];
                        first_id: string | null;
                        last_id: string | null;
                        has_more: boolean;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postV1Completions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A model name, a role or provider/model; the generation role when omitted or "" */
                    model?: string;
                    prompt: string | string[];
                    suffix?: string | null;
                    echo?: boolean | null;
                    best_of?: number | null;
                    logprobs?: number | null;
                    n?: number | null;
                    stop?: (string | string[]) | null;
                    max_tokens?: number | null;
                    temperature?: number | null;
                    top_p?: number | null;
                    top_k?: number | null;
                    frequency_penalty?: number | null;
                    presence_penalty?: number | null;
                    logit_bias?: ({
                        [key: string]: number;
                    } | [
                        number,
                        number | false
                    ][]) | null;
                    seed?: number | null;
                    user?: string;
                    stream?: boolean | null;
                    stream_options?: {
                        include_usage?: boolean;
                    } | null;
                    /** @description text-generation-webui: another name for max_tokens */
                    max_new_tokens?: number | null;
                    /** @description llama.cpp: another name for max_tokens */
                    n_predict?: number | null;
                    /** @description Ollama: another name for max_tokens */
                    num_predict?: number | null;
                    /** @description text-generation-webui: another name for stop */
                    stopping_strings?: string[] | null;
                    /** @description text-generation-webui: another name for seed */
                    sampler_seed?: number | null;
                    /** @description llama.cpp, vLLM, Ollama, webui (sampler; see the parameter table) */
                    min_p?: number | null;
                    /** @description locally typical sampling (sampler; see the parameter table) */
                    typical_p?: number | null;
                    /** @description KoboldCpp: another name for typical_p */
                    typical?: number | null;
                    /** @description tail-free sampling (sampler; see the parameter table) */
                    tfs?: number | null;
                    /** @description llama.cpp, Ollama: another name for tfs */
                    tfs_z?: number | null;
                    /** @description top-a (sampler; see the parameter table) */
                    top_a?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    epsilon_cutoff?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    eta_cutoff?: number | null;
                    /** @description top-nσ (sampler; see the parameter table) */
                    nsigma?: number | null;
                    /** @description llama.cpp: another name for nsigma */
                    top_n_sigma?: number | null;
                    /** @description llama.cpp, webui (sampler; see the parameter table) */
                    min_keep?: number | null;
                    /** @description TabbyAPI (sampler; see the parameter table) */
                    skew?: number | null;
                    /** @description vLLM, webui, TabbyAPI (sampler; see the parameter table) */
                    repetition_penalty?: number | null;
                    /** @description KoboldCpp: another name for repetition_penalty */
                    rep_pen?: number | null;
                    /** @description llama.cpp, Ollama: another name for repetition_penalty */
                    repeat_penalty?: number | null;
                    /** @description tokens the penalty looks back over (sampler; see the parameter table) */
                    repetition_penalty_range?: number | null;
                    /** @description KoboldCpp: another name for repetition_penalty_range */
                    rep_pen_range?: number | null;
                    /** @description llama.cpp, Ollama: another name for repetition_penalty_range */
                    repeat_last_n?: number | null;
                    /** @description llama.cpp (older), LLM for Unity: newlines count for the repetition penalty (sampler; see the parameter table) */
                    penalize_nl?: boolean | null;
                    /** @description llama.cpp (older), LLM for Unity: what the repetition penalty reads instead of the prompt (sampler; see the parameter table) */
                    penalty_prompt?: (string | number[]) | null;
                    /** @description KoboldCpp (sampler; see the parameter table) */
                    rep_pen_slope?: number | null;
                    /** @description TabbyAPI (sampler; see the parameter table) */
                    repetition_decay?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    encoder_repetition_penalty?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    no_repeat_ngram_size?: number | null;
                    /** @description DRY (sampler; see the parameter table) */
                    dry_multiplier?: number | null;
                    /** @description DRY (sampler; see the parameter table) */
                    dry_base?: number | null;
                    /** @description DRY (sampler; see the parameter table) */
                    dry_allowed_length?: number | null;
                    /** @description DRY (a JSON list in a string, or a list) (sampler; see the parameter table) */
                    dry_sequence_breakers?: (string | string[]) | null;
                    /** @description DRY (sampler; see the parameter table) */
                    dry_penalty_last_n?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    dynamic_temperature?: boolean | null;
                    /** @description llama.cpp, TabbyAPI (sampler; see the parameter table) */
                    dynatemp_range?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    dynatemp_low?: number | null;
                    /** @description Aphrodite: another name for dynatemp_low */
                    dynatemp_min?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    dynatemp_high?: number | null;
                    /** @description Aphrodite: another name for dynatemp_high */
                    dynatemp_max?: number | null;
                    /** @description dynamic temperature (sampler; see the parameter table) */
                    dynatemp_exponent?: number | null;
                    /** @description quadratic sampling (sampler; see the parameter table) */
                    smoothing_factor?: number | null;
                    /** @description quadratic sampling (sampler; see the parameter table) */
                    smoothing_curve?: number | null;
                    /** @description webui, TabbyAPI, Aphrodite (sampler; see the parameter table) */
                    temperature_last?: boolean | null;
                    /** @description webui, TabbyAPI (sampler; see the parameter table) */
                    mirostat_mode?: number | null;
                    /** @description llama.cpp: another name for mirostat_mode */
                    mirostat?: number | null;
                    /** @description Mirostat (sampler; see the parameter table) */
                    mirostat_tau?: number | null;
                    /** @description Mirostat (sampler; see the parameter table) */
                    mirostat_eta?: number | null;
                    /** @description XTC (sampler; see the parameter table) */
                    xtc_probability?: number | null;
                    /** @description XTC (sampler; see the parameter table) */
                    xtc_threshold?: number | null;
                    /** @description llama.cpp adaptive-p (sampler; see the parameter table) */
                    adaptive_target?: number | null;
                    /** @description adaptive-p (sampler; see the parameter table) */
                    adaptive_decay?: number | null;
                    /** @description llama.cpp sampler order (sampler; see the parameter table) */
                    samplers?: (string | string[]) | null;
                    /** @description webui order (sampler; see the parameter table) */
                    sampler_priority?: string[] | null;
                    /** @description KoboldCpp order (sampler; see the parameter table) */
                    sampler_order?: number[] | null;
                    /** @description vLLM, webui (sampler; see the parameter table) */
                    min_tokens?: number | null;
                    /** @description webui: another name for min_tokens */
                    min_length?: number | null;
                    /** @description llama.cpp, vLLM (sampler; see the parameter table) */
                    ignore_eos?: boolean | null;
                    /** @description webui: another name for ignore_eos */
                    ban_eos_token?: boolean | null;
                    /** @description KoboldCpp: bans the end-of-text token: another name for ignore_eos */
                    use_default_badwordsids?: boolean | null;
                    /** @description KoboldCpp: another name for ignore_eos */
                    bypass_eos?: boolean | null;
                    /** @description KoboldCpp: special tokens written out in the text (sampler; see the parameter table) */
                    render_special?: boolean | null;
                    /** @description webui, TabbyAPI (sampler; see the parameter table) */
                    add_bos_token?: boolean | null;
                    /** @description vLLM, webui (sampler; see the parameter table) */
                    skip_special_tokens?: boolean | null;
                    /** @description vLLM (sampler; see the parameter table) */
                    spaces_between_special_tokens?: boolean | null;
                    /** @description vLLM (sampler; see the parameter table) */
                    include_stop_str_in_output?: boolean | null;
                    /** @description KoboldCpp (sampler; see the parameter table) */
                    trim_stop?: boolean | null;
                    /** @description vLLM (sampler; see the parameter table) */
                    stop_token_ids?: number[] | null;
                    /** @description webui, TabbyAPI, Aphrodite: token ids (sampler; see the parameter table) */
                    custom_token_bans?: (string | number[]) | null;
                    /** @description TabbyAPI, KoboldCpp (sampler; see the parameter table) */
                    banned_strings?: string[] | null;
                    /** @description KoboldCpp: phrases it never writes: another name for banned_strings */
                    banned_tokens?: string[] | null;
                    /** @description webui (false: greedy) (sampler; see the parameter table) */
                    do_sample?: boolean | null;
                    /** @description webui (sampler; see the parameter table) */
                    num_beams?: number | null;
                    /** @description vLLM (sampler; see the parameter table) */
                    use_beam_search?: boolean | null;
                    /** @description beam search (sampler; see the parameter table) */
                    length_penalty?: number | null;
                    /** @description beam search (sampler; see the parameter table) */
                    early_stopping?: boolean | null;
                    /** @description webui contrastive search (sampler; see the parameter table) */
                    penalty_alpha?: number | null;
                    /** @description webui CFG (sampler; see the parameter table) */
                    guidance_scale?: number | null;
                    /** @description webui CFG (sampler; see the parameter table) */
                    negative_prompt?: string | null;
                    /** @description vLLM: keep the last N prompt tokens (sampler; see the parameter table) */
                    truncate_prompt_tokens?: number | null;
                    /** @description llama.cpp, KoboldCpp: GBNF (constraint; see the parameter table) */
                    grammar?: string | null;
                    /** @description webui, TabbyAPI: another name for grammar */
                    grammar_string?: string | null;
                    /** @description vLLM: another name for grammar */
                    guided_grammar?: string | null;
                    /** @description llama.cpp, TabbyAPI: a JSON schema as grammar (constraint; see the parameter table) */
                    json_schema?: {
                        [key: string]: unknown;
                    } | null;
                    /** @description vLLM: another name for json_schema */
                    guided_json?: {
                        [key: string]: unknown;
                    } | null;
                    /** @description vLLM (constraint; see the parameter table) */
                    guided_regex?: string | null;
                    /** @description vLLM (constraint; see the parameter table) */
                    guided_choice?: string[] | null;
                    /** @description KoboldCpp (constraint; see the parameter table) */
                    grammar_retain_state?: boolean | null;
                    /** @description reasoning in the text (constraint; see the parameter table) */
                    include_reasoning?: boolean | null;
                    /** @description webui: paces the stream (constraint; see the parameter table) */
                    max_tokens_second?: number | null;
                    /** @description llama.cpp: reuse the KV cache (hint; see the parameter table) */
                    cache_prompt?: boolean | null;
                    /** @description llama.cpp: the slot to run in (-1: any idle one) (hint; see the parameter table) */
                    id_slot?: number | null;
                    /** @description llama.cpp: prompt tokens kept when the context shifts (hint; see the parameter table) */
                    n_keep?: number | null;
                    /** @description llama.cpp: the least KV cache chunk reused (hint; see the parameter table) */
                    n_cache_reuse?: number | null;
                    /** @description TabbyAPI: speculative decoding (hint; see the parameter table) */
                    speculative_ngram?: boolean | null;
                    /** @description webui: the context size the prompt fits (hint; see the parameter table) */
                    truncation_length?: number | null;
                    /** @description KoboldCpp: the context size the prompt fits: another name for truncation_length */
                    max_context_length?: number | null;
                    /** @description Ollama: the context size the prompt fits (hint; see the parameter table) */
                    num_ctx?: number | null;
                    /** @description Ollama: batch size (hint; see the parameter table) */
                    num_batch?: number | null;
                    /** @description vLLM: which guided-decoding engine (hint; see the parameter table) */
                    guided_decoding_backend?: string | null;
                    /** @description vLLM: whitespace in guided JSON (hint; see the parameter table) */
                    guided_whitespace_pattern?: string | null;
                    /** @description SillyTavern's backend type (client; see the parameter table) */
                    api_type?: string | null;
                    /** @description SillyTavern's backend URL (client; see the parameter table) */
                    api_server?: string | null;
                    /** @description KoboldCpp: the key a client polls its generation by (client; see the parameter table) */
                    genkey?: string | null;
                    /** @description KoboldCpp: keep the prompt out of the server log (client; see the parameter table) */
                    quiet?: boolean | null;
                    /** @description llama.cpp's probabilities, which Loremaster does not return: send logprobs (refused; see the parameter table) */
                    n_probs?: number | null;
                    /** @description webui's retired /v1/generate (refused; see the parameter table) */
                    legacy_api?: boolean | null;
                };
            };
        };
        responses: {
            /** @description A text_completion, or with `stream: true` its chunks as server-sent events */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TextCompletion"];
                    "text/event-stream": string;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postApiChat: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OllamaChatRequestInput"];
            };
        };
        responses: {
            /** @description A chat answer, or with stream (the default) one object per line */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                    "application/x-ndjson": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
        };
    };
    postApiGenerate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OllamaGenerateRequestInput"];
            };
        };
        responses: {
            /** @description A generation, or with stream (the default) one object per line */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                    "application/x-ndjson": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
        };
    };
    getApiTags: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        models: {
                            [key: string]: unknown;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
        };
    };
    headApiTags: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        models: {
                            [key: string]: unknown;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
        };
    };
    getApiPs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        models: {
                            [key: string]: unknown;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
        };
    };
    headApiPs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        models: {
                            [key: string]: unknown;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
        };
    };
    postApiShow: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OllamaShowRequestInput"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
        };
    };
    getApiVersion: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        version: string;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
        };
    };
    headApiVersion: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        version: string;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
        };
    };
    postApiPull: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OllamaPullRequestInput"];
            };
        };
        responses: {
            /** @description The status, or with stream (the default) one status per line */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        status: string;
                    };
                    "application/x-ndjson": {
                        status: string;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
        };
    };
    postApiPush: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                    };
                };
            };
            /** @description Success (its body is not described yet) */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
        };
    };
    postApiCreate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                    };
                };
            };
            /** @description Success (its body is not described yet) */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
        };
    };
    postApiCopy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                    };
                };
            };
            /** @description Success (its body is not described yet) */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
        };
    };
    deleteApiDelete: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: string;
                    };
                };
            };
            /** @description Success (its body is not described yet) */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
        };
    };
    postCompletion: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A model name, a role or provider/model; the generation role when omitted or "" */
                    model?: string;
                    prompt: string | string[];
                    suffix?: string | null;
                    echo?: boolean | null;
                    best_of?: number | null;
                    logprobs?: number | null;
                    n?: number | null;
                    stop?: (string | string[]) | null;
                    max_tokens?: number | null;
                    temperature?: number | null;
                    top_p?: number | null;
                    top_k?: number | null;
                    frequency_penalty?: number | null;
                    presence_penalty?: number | null;
                    logit_bias?: ({
                        [key: string]: number;
                    } | [
                        number,
                        number | false
                    ][]) | null;
                    seed?: number | null;
                    user?: string;
                    stream?: boolean | null;
                    stream_options?: {
                        include_usage?: boolean;
                    } | null;
                    /** @description text-generation-webui: another name for max_tokens */
                    max_new_tokens?: number | null;
                    n_predict?: number | null;
                    /** @description Ollama: another name for max_tokens */
                    num_predict?: number | null;
                    /** @description text-generation-webui: another name for stop */
                    stopping_strings?: string[] | null;
                    /** @description text-generation-webui: another name for seed */
                    sampler_seed?: number | null;
                    /** @description llama.cpp, vLLM, Ollama, webui (sampler; see the parameter table) */
                    min_p?: number | null;
                    /** @description locally typical sampling (sampler; see the parameter table) */
                    typical_p?: number | null;
                    /** @description KoboldCpp: another name for typical_p */
                    typical?: number | null;
                    /** @description tail-free sampling (sampler; see the parameter table) */
                    tfs?: number | null;
                    /** @description llama.cpp, Ollama: another name for tfs */
                    tfs_z?: number | null;
                    /** @description top-a (sampler; see the parameter table) */
                    top_a?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    epsilon_cutoff?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    eta_cutoff?: number | null;
                    /** @description top-nσ (sampler; see the parameter table) */
                    nsigma?: number | null;
                    /** @description llama.cpp: another name for nsigma */
                    top_n_sigma?: number | null;
                    /** @description llama.cpp, webui (sampler; see the parameter table) */
                    min_keep?: number | null;
                    /** @description TabbyAPI (sampler; see the parameter table) */
                    skew?: number | null;
                    /** @description vLLM, webui, TabbyAPI (sampler; see the parameter table) */
                    repetition_penalty?: number | null;
                    /** @description KoboldCpp: another name for repetition_penalty */
                    rep_pen?: number | null;
                    /** @description llama.cpp, Ollama: another name for repetition_penalty */
                    repeat_penalty?: number | null;
                    /** @description tokens the penalty looks back over (sampler; see the parameter table) */
                    repetition_penalty_range?: number | null;
                    /** @description KoboldCpp: another name for repetition_penalty_range */
                    rep_pen_range?: number | null;
                    /** @description llama.cpp, Ollama: another name for repetition_penalty_range */
                    repeat_last_n?: number | null;
                    /** @description llama.cpp (older), LLM for Unity: newlines count for the repetition penalty (sampler; see the parameter table) */
                    penalize_nl?: boolean | null;
                    /** @description llama.cpp (older), LLM for Unity: what the repetition penalty reads instead of the prompt (sampler; see the parameter table) */
                    penalty_prompt?: (string | number[]) | null;
                    /** @description KoboldCpp (sampler; see the parameter table) */
                    rep_pen_slope?: number | null;
                    /** @description TabbyAPI (sampler; see the parameter table) */
                    repetition_decay?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    encoder_repetition_penalty?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    no_repeat_ngram_size?: number | null;
                    /** @description DRY (sampler; see the parameter table) */
                    dry_multiplier?: number | null;
                    /** @description DRY (sampler; see the parameter table) */
                    dry_base?: number | null;
                    /** @description DRY (sampler; see the parameter table) */
                    dry_allowed_length?: number | null;
                    /** @description DRY (a JSON list in a string, or a list) (sampler; see the parameter table) */
                    dry_sequence_breakers?: (string | string[]) | null;
                    /** @description DRY (sampler; see the parameter table) */
                    dry_penalty_last_n?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    dynamic_temperature?: boolean | null;
                    /** @description llama.cpp, TabbyAPI (sampler; see the parameter table) */
                    dynatemp_range?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    dynatemp_low?: number | null;
                    /** @description Aphrodite: another name for dynatemp_low */
                    dynatemp_min?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    dynatemp_high?: number | null;
                    /** @description Aphrodite: another name for dynatemp_high */
                    dynatemp_max?: number | null;
                    /** @description dynamic temperature (sampler; see the parameter table) */
                    dynatemp_exponent?: number | null;
                    /** @description quadratic sampling (sampler; see the parameter table) */
                    smoothing_factor?: number | null;
                    /** @description quadratic sampling (sampler; see the parameter table) */
                    smoothing_curve?: number | null;
                    /** @description webui, TabbyAPI, Aphrodite (sampler; see the parameter table) */
                    temperature_last?: boolean | null;
                    /** @description webui, TabbyAPI (sampler; see the parameter table) */
                    mirostat_mode?: number | null;
                    /** @description llama.cpp: another name for mirostat_mode */
                    mirostat?: number | null;
                    /** @description Mirostat (sampler; see the parameter table) */
                    mirostat_tau?: number | null;
                    /** @description Mirostat (sampler; see the parameter table) */
                    mirostat_eta?: number | null;
                    /** @description XTC (sampler; see the parameter table) */
                    xtc_probability?: number | null;
                    /** @description XTC (sampler; see the parameter table) */
                    xtc_threshold?: number | null;
                    /** @description llama.cpp adaptive-p (sampler; see the parameter table) */
                    adaptive_target?: number | null;
                    /** @description adaptive-p (sampler; see the parameter table) */
                    adaptive_decay?: number | null;
                    /** @description llama.cpp sampler order (sampler; see the parameter table) */
                    samplers?: (string | string[]) | null;
                    /** @description webui order (sampler; see the parameter table) */
                    sampler_priority?: string[] | null;
                    /** @description KoboldCpp order (sampler; see the parameter table) */
                    sampler_order?: number[] | null;
                    /** @description vLLM, webui (sampler; see the parameter table) */
                    min_tokens?: number | null;
                    /** @description webui: another name for min_tokens */
                    min_length?: number | null;
                    /** @description llama.cpp, vLLM (sampler; see the parameter table) */
                    ignore_eos?: boolean | null;
                    /** @description webui: another name for ignore_eos */
                    ban_eos_token?: boolean | null;
                    /** @description KoboldCpp: bans the end-of-text token: another name for ignore_eos */
                    use_default_badwordsids?: boolean | null;
                    /** @description KoboldCpp: another name for ignore_eos */
                    bypass_eos?: boolean | null;
                    /** @description KoboldCpp: special tokens written out in the text (sampler; see the parameter table) */
                    render_special?: boolean | null;
                    /** @description webui, TabbyAPI (sampler; see the parameter table) */
                    add_bos_token?: boolean | null;
                    /** @description vLLM, webui (sampler; see the parameter table) */
                    skip_special_tokens?: boolean | null;
                    /** @description vLLM (sampler; see the parameter table) */
                    spaces_between_special_tokens?: boolean | null;
                    /** @description vLLM (sampler; see the parameter table) */
                    include_stop_str_in_output?: boolean | null;
                    /** @description KoboldCpp (sampler; see the parameter table) */
                    trim_stop?: boolean | null;
                    /** @description vLLM (sampler; see the parameter table) */
                    stop_token_ids?: number[] | null;
                    /** @description webui, TabbyAPI, Aphrodite: token ids (sampler; see the parameter table) */
                    custom_token_bans?: (string | number[]) | null;
                    /** @description TabbyAPI, KoboldCpp (sampler; see the parameter table) */
                    banned_strings?: string[] | null;
                    /** @description KoboldCpp: phrases it never writes: another name for banned_strings */
                    banned_tokens?: string[] | null;
                    /** @description webui (false: greedy) (sampler; see the parameter table) */
                    do_sample?: boolean | null;
                    /** @description webui (sampler; see the parameter table) */
                    num_beams?: number | null;
                    /** @description vLLM (sampler; see the parameter table) */
                    use_beam_search?: boolean | null;
                    /** @description beam search (sampler; see the parameter table) */
                    length_penalty?: number | null;
                    /** @description beam search (sampler; see the parameter table) */
                    early_stopping?: boolean | null;
                    /** @description webui contrastive search (sampler; see the parameter table) */
                    penalty_alpha?: number | null;
                    /** @description webui CFG (sampler; see the parameter table) */
                    guidance_scale?: number | null;
                    /** @description webui CFG (sampler; see the parameter table) */
                    negative_prompt?: string | null;
                    /** @description vLLM: keep the last N prompt tokens (sampler; see the parameter table) */
                    truncate_prompt_tokens?: number | null;
                    /** @description llama.cpp, KoboldCpp: GBNF (constraint; see the parameter table) */
                    grammar?: string | null;
                    /** @description webui, TabbyAPI: another name for grammar */
                    grammar_string?: string | null;
                    /** @description vLLM: another name for grammar */
                    guided_grammar?: string | null;
                    /** @description llama.cpp, TabbyAPI: a JSON schema as grammar (constraint; see the parameter table) */
                    json_schema?: {
                        [key: string]: unknown;
                    } | null;
                    /** @description vLLM: another name for json_schema */
                    guided_json?: {
                        [key: string]: unknown;
                    } | null;
                    /** @description vLLM (constraint; see the parameter table) */
                    guided_regex?: string | null;
                    /** @description vLLM (constraint; see the parameter table) */
                    guided_choice?: string[] | null;
                    /** @description KoboldCpp (constraint; see the parameter table) */
                    grammar_retain_state?: boolean | null;
                    /** @description reasoning in the text (constraint; see the parameter table) */
                    include_reasoning?: boolean | null;
                    /** @description webui: paces the stream (constraint; see the parameter table) */
                    max_tokens_second?: number | null;
                    /** @description llama.cpp: reuse the KV cache (hint; see the parameter table) */
                    cache_prompt?: boolean | null;
                    /** @description llama.cpp: the slot to run in (-1: any idle one) (hint; see the parameter table) */
                    id_slot?: number | null;
                    /** @description llama.cpp: prompt tokens kept when the context shifts (hint; see the parameter table) */
                    n_keep?: number | null;
                    /** @description llama.cpp: the least KV cache chunk reused (hint; see the parameter table) */
                    n_cache_reuse?: number | null;
                    /** @description TabbyAPI: speculative decoding (hint; see the parameter table) */
                    speculative_ngram?: boolean | null;
                    /** @description webui: the context size the prompt fits (hint; see the parameter table) */
                    truncation_length?: number | null;
                    /** @description KoboldCpp: the context size the prompt fits: another name for truncation_length */
                    max_context_length?: number | null;
                    /** @description Ollama: the context size the prompt fits (hint; see the parameter table) */
                    num_ctx?: number | null;
                    /** @description Ollama: batch size (hint; see the parameter table) */
                    num_batch?: number | null;
                    /** @description vLLM: which guided-decoding engine (hint; see the parameter table) */
                    guided_decoding_backend?: string | null;
                    /** @description vLLM: whitespace in guided JSON (hint; see the parameter table) */
                    guided_whitespace_pattern?: string | null;
                    /** @description SillyTavern's backend type (client; see the parameter table) */
                    api_type?: string | null;
                    /** @description SillyTavern's backend URL (client; see the parameter table) */
                    api_server?: string | null;
                    /** @description KoboldCpp: the key a client polls its generation by (client; see the parameter table) */
                    genkey?: string | null;
                    /** @description KoboldCpp: keep the prompt out of the server log (client; see the parameter table) */
                    quiet?: boolean | null;
                    /** @description llama.cpp's probabilities, which Loremaster does not return: send logprobs (refused; see the parameter table) */
                    n_probs?: number | null;
                    /** @description webui's retired /v1/generate (refused; see the parameter table) */
                    legacy_api?: boolean | null;
                    /** @description Completions per prompt (as `n`) */
                    n_cmpl?: number | null;
                    /** @description Timings in every streamed chunk, not only the last */
                    timings_per_token?: boolean | null;
                    /** @description Only these fields of each result (`generation_settings/n_predict` lifts a nested one) */
                    response_fields?: string[] | null;
                    sse_ping_interval?: number | null;
                    return_tokens?: boolean | null;
                    post_sampling_probs?: boolean | null;
                    return_progress?: boolean | null;
                    t_max_predict_ms?: number | null;
                    n_indent?: number | null;
                    lora?: {
                        id: number;
                        scale: number;
                    }[] | null;
                    messages?: unknown[] | null;
                };
            };
        };
        responses: {
            /** @description The result (an array of them for several prompts or n_cmpl > 1), or with `stream: true` its pieces and then the result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LlamaCppCompletion"] | components["schemas"]["LlamaCppCompletion"][];
                    "text/event-stream": string;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postCompletions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A model name, a role or provider/model; the generation role when omitted or "" */
                    model?: string;
                    prompt: string | string[];
                    suffix?: string | null;
                    echo?: boolean | null;
                    best_of?: number | null;
                    logprobs?: number | null;
                    n?: number | null;
                    stop?: (string | string[]) | null;
                    max_tokens?: number | null;
                    temperature?: number | null;
                    top_p?: number | null;
                    top_k?: number | null;
                    frequency_penalty?: number | null;
                    presence_penalty?: number | null;
                    logit_bias?: ({
                        [key: string]: number;
                    } | [
                        number,
                        number | false
                    ][]) | null;
                    seed?: number | null;
                    user?: string;
                    stream?: boolean | null;
                    stream_options?: {
                        include_usage?: boolean;
                    } | null;
                    /** @description text-generation-webui: another name for max_tokens */
                    max_new_tokens?: number | null;
                    n_predict?: number | null;
                    /** @description Ollama: another name for max_tokens */
                    num_predict?: number | null;
                    /** @description text-generation-webui: another name for stop */
                    stopping_strings?: string[] | null;
                    /** @description text-generation-webui: another name for seed */
                    sampler_seed?: number | null;
                    /** @description llama.cpp, vLLM, Ollama, webui (sampler; see the parameter table) */
                    min_p?: number | null;
                    /** @description locally typical sampling (sampler; see the parameter table) */
                    typical_p?: number | null;
                    /** @description KoboldCpp: another name for typical_p */
                    typical?: number | null;
                    /** @description tail-free sampling (sampler; see the parameter table) */
                    tfs?: number | null;
                    /** @description llama.cpp, Ollama: another name for tfs */
                    tfs_z?: number | null;
                    /** @description top-a (sampler; see the parameter table) */
                    top_a?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    epsilon_cutoff?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    eta_cutoff?: number | null;
                    /** @description top-nσ (sampler; see the parameter table) */
                    nsigma?: number | null;
                    /** @description llama.cpp: another name for nsigma */
                    top_n_sigma?: number | null;
                    /** @description llama.cpp, webui (sampler; see the parameter table) */
                    min_keep?: number | null;
                    /** @description TabbyAPI (sampler; see the parameter table) */
                    skew?: number | null;
                    /** @description vLLM, webui, TabbyAPI (sampler; see the parameter table) */
                    repetition_penalty?: number | null;
                    /** @description KoboldCpp: another name for repetition_penalty */
                    rep_pen?: number | null;
                    /** @description llama.cpp, Ollama: another name for repetition_penalty */
                    repeat_penalty?: number | null;
                    /** @description tokens the penalty looks back over (sampler; see the parameter table) */
                    repetition_penalty_range?: number | null;
                    /** @description KoboldCpp: another name for repetition_penalty_range */
                    rep_pen_range?: number | null;
                    /** @description llama.cpp, Ollama: another name for repetition_penalty_range */
                    repeat_last_n?: number | null;
                    /** @description llama.cpp (older), LLM for Unity: newlines count for the repetition penalty (sampler; see the parameter table) */
                    penalize_nl?: boolean | null;
                    /** @description llama.cpp (older), LLM for Unity: what the repetition penalty reads instead of the prompt (sampler; see the parameter table) */
                    penalty_prompt?: (string | number[]) | null;
                    /** @description KoboldCpp (sampler; see the parameter table) */
                    rep_pen_slope?: number | null;
                    /** @description TabbyAPI (sampler; see the parameter table) */
                    repetition_decay?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    encoder_repetition_penalty?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    no_repeat_ngram_size?: number | null;
                    /** @description DRY (sampler; see the parameter table) */
                    dry_multiplier?: number | null;
                    /** @description DRY (sampler; see the parameter table) */
                    dry_base?: number | null;
                    /** @description DRY (sampler; see the parameter table) */
                    dry_allowed_length?: number | null;
                    /** @description DRY (a JSON list in a string, or a list) (sampler; see the parameter table) */
                    dry_sequence_breakers?: (string | string[]) | null;
                    /** @description DRY (sampler; see the parameter table) */
                    dry_penalty_last_n?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    dynamic_temperature?: boolean | null;
                    /** @description llama.cpp, TabbyAPI (sampler; see the parameter table) */
                    dynatemp_range?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    dynatemp_low?: number | null;
                    /** @description Aphrodite: another name for dynatemp_low */
                    dynatemp_min?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    dynatemp_high?: number | null;
                    /** @description Aphrodite: another name for dynatemp_high */
                    dynatemp_max?: number | null;
                    /** @description dynamic temperature (sampler; see the parameter table) */
                    dynatemp_exponent?: number | null;
                    /** @description quadratic sampling (sampler; see the parameter table) */
                    smoothing_factor?: number | null;
                    /** @description quadratic sampling (sampler; see the parameter table) */
                    smoothing_curve?: number | null;
                    /** @description webui, TabbyAPI, Aphrodite (sampler; see the parameter table) */
                    temperature_last?: boolean | null;
                    /** @description webui, TabbyAPI (sampler; see the parameter table) */
                    mirostat_mode?: number | null;
                    /** @description llama.cpp: another name for mirostat_mode */
                    mirostat?: number | null;
                    /** @description Mirostat (sampler; see the parameter table) */
                    mirostat_tau?: number | null;
                    /** @description Mirostat (sampler; see the parameter table) */
                    mirostat_eta?: number | null;
                    /** @description XTC (sampler; see the parameter table) */
                    xtc_probability?: number | null;
                    /** @description XTC (sampler; see the parameter table) */
                    xtc_threshold?: number | null;
                    /** @description llama.cpp adaptive-p (sampler; see the parameter table) */
                    adaptive_target?: number | null;
                    /** @description adaptive-p (sampler; see the parameter table) */
                    adaptive_decay?: number | null;
                    /** @description llama.cpp sampler order (sampler; see the parameter table) */
                    samplers?: (string | string[]) | null;
                    /** @description webui order (sampler; see the parameter table) */
                    sampler_priority?: string[] | null;
                    /** @description KoboldCpp order (sampler; see the parameter table) */
                    sampler_order?: number[] | null;
                    /** @description vLLM, webui (sampler; see the parameter table) */
                    min_tokens?: number | null;
                    /** @description webui: another name for min_tokens */
                    min_length?: number | null;
                    /** @description llama.cpp, vLLM (sampler; see the parameter table) */
                    ignore_eos?: boolean | null;
                    /** @description webui: another name for ignore_eos */
                    ban_eos_token?: boolean | null;
                    /** @description KoboldCpp: bans the end-of-text token: another name for ignore_eos */
                    use_default_badwordsids?: boolean | null;
                    /** @description KoboldCpp: another name for ignore_eos */
                    bypass_eos?: boolean | null;
                    /** @description KoboldCpp: special tokens written out in the text (sampler; see the parameter table) */
                    render_special?: boolean | null;
                    /** @description webui, TabbyAPI (sampler; see the parameter table) */
                    add_bos_token?: boolean | null;
                    /** @description vLLM, webui (sampler; see the parameter table) */
                    skip_special_tokens?: boolean | null;
                    /** @description vLLM (sampler; see the parameter table) */
                    spaces_between_special_tokens?: boolean | null;
                    /** @description vLLM (sampler; see the parameter table) */
                    include_stop_str_in_output?: boolean | null;
                    /** @description KoboldCpp (sampler; see the parameter table) */
                    trim_stop?: boolean | null;
                    /** @description vLLM (sampler; see the parameter table) */
                    stop_token_ids?: number[] | null;
                    /** @description webui, TabbyAPI, Aphrodite: token ids (sampler; see the parameter table) */
                    custom_token_bans?: (string | number[]) | null;
                    /** @description TabbyAPI, KoboldCpp (sampler; see the parameter table) */
                    banned_strings?: string[] | null;
                    /** @description KoboldCpp: phrases it never writes: another name for banned_strings */
                    banned_tokens?: string[] | null;
                    /** @description webui (false: greedy) (sampler; see the parameter table) */
                    do_sample?: boolean | null;
                    /** @description webui (sampler; see the parameter table) */
                    num_beams?: number | null;
                    /** @description vLLM (sampler; see the parameter table) */
                    use_beam_search?: boolean | null;
                    /** @description beam search (sampler; see the parameter table) */
                    length_penalty?: number | null;
                    /** @description beam search (sampler; see the parameter table) */
                    early_stopping?: boolean | null;
                    /** @description webui contrastive search (sampler; see the parameter table) */
                    penalty_alpha?: number | null;
                    /** @description webui CFG (sampler; see the parameter table) */
                    guidance_scale?: number | null;
                    /** @description webui CFG (sampler; see the parameter table) */
                    negative_prompt?: string | null;
                    /** @description vLLM: keep the last N prompt tokens (sampler; see the parameter table) */
                    truncate_prompt_tokens?: number | null;
                    /** @description llama.cpp, KoboldCpp: GBNF (constraint; see the parameter table) */
                    grammar?: string | null;
                    /** @description webui, TabbyAPI: another name for grammar */
                    grammar_string?: string | null;
                    /** @description vLLM: another name for grammar */
                    guided_grammar?: string | null;
                    /** @description llama.cpp, TabbyAPI: a JSON schema as grammar (constraint; see the parameter table) */
                    json_schema?: {
                        [key: string]: unknown;
                    } | null;
                    /** @description vLLM: another name for json_schema */
                    guided_json?: {
                        [key: string]: unknown;
                    } | null;
                    /** @description vLLM (constraint; see the parameter table) */
                    guided_regex?: string | null;
                    /** @description vLLM (constraint; see the parameter table) */
                    guided_choice?: string[] | null;
                    /** @description KoboldCpp (constraint; see the parameter table) */
                    grammar_retain_state?: boolean | null;
                    /** @description reasoning in the text (constraint; see the parameter table) */
                    include_reasoning?: boolean | null;
                    /** @description webui: paces the stream (constraint; see the parameter table) */
                    max_tokens_second?: number | null;
                    /** @description llama.cpp: reuse the KV cache (hint; see the parameter table) */
                    cache_prompt?: boolean | null;
                    /** @description llama.cpp: the slot to run in (-1: any idle one) (hint; see the parameter table) */
                    id_slot?: number | null;
                    /** @description llama.cpp: prompt tokens kept when the context shifts (hint; see the parameter table) */
                    n_keep?: number | null;
                    /** @description llama.cpp: the least KV cache chunk reused (hint; see the parameter table) */
                    n_cache_reuse?: number | null;
                    /** @description TabbyAPI: speculative decoding (hint; see the parameter table) */
                    speculative_ngram?: boolean | null;
                    /** @description webui: the context size the prompt fits (hint; see the parameter table) */
                    truncation_length?: number | null;
                    /** @description KoboldCpp: the context size the prompt fits: another name for truncation_length */
                    max_context_length?: number | null;
                    /** @description Ollama: the context size the prompt fits (hint; see the parameter table) */
                    num_ctx?: number | null;
                    /** @description Ollama: batch size (hint; see the parameter table) */
                    num_batch?: number | null;
                    /** @description vLLM: which guided-decoding engine (hint; see the parameter table) */
                    guided_decoding_backend?: string | null;
                    /** @description vLLM: whitespace in guided JSON (hint; see the parameter table) */
                    guided_whitespace_pattern?: string | null;
                    /** @description SillyTavern's backend type (client; see the parameter table) */
                    api_type?: string | null;
                    /** @description SillyTavern's backend URL (client; see the parameter table) */
                    api_server?: string | null;
                    /** @description KoboldCpp: the key a client polls its generation by (client; see the parameter table) */
                    genkey?: string | null;
                    /** @description KoboldCpp: keep the prompt out of the server log (client; see the parameter table) */
                    quiet?: boolean | null;
                    /** @description llama.cpp's probabilities, which Loremaster does not return: send logprobs (refused; see the parameter table) */
                    n_probs?: number | null;
                    /** @description webui's retired /v1/generate (refused; see the parameter table) */
                    legacy_api?: boolean | null;
                    /** @description Completions per prompt (as `n`) */
                    n_cmpl?: number | null;
                    /** @description Timings in every streamed chunk, not only the last */
                    timings_per_token?: boolean | null;
                    /** @description Only these fields of each result (`generation_settings/n_predict` lifts a nested one) */
                    response_fields?: string[] | null;
                    sse_ping_interval?: number | null;
                    return_tokens?: boolean | null;
                    post_sampling_probs?: boolean | null;
                    return_progress?: boolean | null;
                    t_max_predict_ms?: number | null;
                    n_indent?: number | null;
                    lora?: {
                        id: number;
                        scale: number;
                    }[] | null;
                    messages?: unknown[] | null;
                };
            };
        };
        responses: {
            /** @description The result (an array of them for several prompts or n_cmpl > 1), or with `stream: true` its pieces and then the result */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LlamaCppCompletion"] | components["schemas"]["LlamaCppCompletion"][];
                    "text/event-stream": string;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getProps: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        default_generation_settings: {
                            id: number;
                            id_task: number;
                            n_ctx: number;
                            speculative: boolean;
                            is_processing: boolean;
                            params: {
                                n_predict: number;
                                max_tokens: number;
                                temperature: number;
                                stop: string[];
                                stream: boolean;
                            };
                            prompt: string;
                        };
                        total_slots: number;
                        model_path: string;
                        chat_template: string;
                        modalities: {
                            vision: boolean;
                            audio: boolean;
                        };
                        build_info: string;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postProps: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Success (its body is not described yet) */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headProps: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        default_generation_settings: {
                            id: number;
                            id_task: number;
                            n_ctx: number;
                            speculative: boolean;
                            is_processing: boolean;
                            params: {
                                n_predict: number;
                                max_tokens: number;
                                temperature: number;
                                stop: string[];
                                stream: boolean;
                            };
                            prompt: string;
                        };
                        total_slots: number;
                        model_path: string;
                        chat_template: string;
                        modalities: {
                            vision: boolean;
                            audio: boolean;
                        };
                        build_info: string;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSlots: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Success (its body is not described yet) */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headSlots: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Success (its body is not described yet) */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postSlotsIdSlot: {
        parameters: {
            query?: {
                action?: string;
            };
            header?: never;
            path: {
                id_slot: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Success (its body is not described yet) */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postInfill: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Success (its body is not described yet) */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postApplyTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Success (its body is not described yet) */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postTokenize: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description llama.cpp's field */
                    content?: string;
                    /** @description vLLM's field */
                    prompt?: string;
                    /** @description vLLM: which model counts (o200k counts for every model here) */
                    model?: string;
                    add_special?: boolean;
                    add_special_tokens?: boolean;
                    parse_special?: boolean;
                    with_pieces?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        tokens: number[];
                        /** @description vLLM's field: how many tokens */
                        count: number;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postDetokenize: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    tokens: number[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        content: string;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postV1Tokenize: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    prompt: string;
                    model?: string;
                    add_special_tokens?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        tokens: number[];
                        /** @description vLLM's field: how many tokens */
                        count: number;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postV1InternalEncode: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    text: string;
                    add_bos_token?: boolean;
                    encode_special_tokens?: boolean;
                    decode_special_tokens?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        tokens: number[];
                        length: number;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postV1TokenEncode: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    text: string;
                    add_bos_token?: boolean;
                    encode_special_tokens?: boolean;
                    decode_special_tokens?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        tokens: number[];
                        length: number;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postApiExtraTokencount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    prompt: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        value: number;
                        ids: number[];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
        };
    };
    getV1ModelList: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: {
                            id: string;
                            /** @enum {string} */
                            object: "model";
                            created: number;
                            owned_by: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headV1ModelList: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: {
                            id: string;
                            /** @enum {string} */
                            object: "model";
                            created: number;
                            owned_by: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getV1Model: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        object: "model";
                        created: number;
                        owned_by: string;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headV1Model: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        object: "model";
                        created: number;
                        owned_by: string;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getV1InternalModelInfo: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        model_name: string;
                        lora_names: string[];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headV1InternalModelInfo: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        model_name: string;
                        lora_names: string[];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postApiV1Generate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A model name, a role or provider/model; the generation role when omitted or "" */
                    model?: string;
                    prompt: string;
                    suffix?: string | null;
                    echo?: boolean | null;
                    best_of?: number | null;
                    logprobs?: number | null;
                    n?: number | null;
                    stop?: (string | string[]) | null;
                    max_tokens?: number | null;
                    temperature?: number | null;
                    top_p?: number | null;
                    top_k?: number | null;
                    frequency_penalty?: number | null;
                    presence_penalty?: number | null;
                    logit_bias?: ({
                        [key: string]: number;
                    } | [
                        number,
                        number | false
                    ][]) | null;
                    seed?: number | null;
                    user?: string;
                    stream?: boolean | null;
                    stream_options?: {
                        include_usage?: boolean;
                    } | null;
                    /** @description text-generation-webui: another name for max_tokens */
                    max_new_tokens?: number | null;
                    /** @description llama.cpp: another name for max_tokens */
                    n_predict?: number | null;
                    /** @description Ollama: another name for max_tokens */
                    num_predict?: number | null;
                    /** @description text-generation-webui: another name for stop */
                    stopping_strings?: string[] | null;
                    /** @description text-generation-webui: another name for seed */
                    sampler_seed?: number | null;
                    /** @description llama.cpp, vLLM, Ollama, webui (sampler; see the parameter table) */
                    min_p?: number | null;
                    /** @description locally typical sampling (sampler; see the parameter table) */
                    typical_p?: number | null;
                    /** @description KoboldCpp: another name for typical_p */
                    typical?: number | null;
                    /** @description tail-free sampling (sampler; see the parameter table) */
                    tfs?: number | null;
                    /** @description llama.cpp, Ollama: another name for tfs */
                    tfs_z?: number | null;
                    /** @description top-a (sampler; see the parameter table) */
                    top_a?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    epsilon_cutoff?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    eta_cutoff?: number | null;
                    /** @description top-nσ (sampler; see the parameter table) */
                    nsigma?: number | null;
                    /** @description llama.cpp: another name for nsigma */
                    top_n_sigma?: number | null;
                    /** @description llama.cpp, webui (sampler; see the parameter table) */
                    min_keep?: number | null;
                    /** @description TabbyAPI (sampler; see the parameter table) */
                    skew?: number | null;
                    /** @description vLLM, webui, TabbyAPI (sampler; see the parameter table) */
                    repetition_penalty?: number | null;
                    /** @description KoboldCpp: another name for repetition_penalty */
                    rep_pen?: number | null;
                    /** @description llama.cpp, Ollama: another name for repetition_penalty */
                    repeat_penalty?: number | null;
                    /** @description tokens the penalty looks back over (sampler; see the parameter table) */
                    repetition_penalty_range?: number | null;
                    /** @description KoboldCpp: another name for repetition_penalty_range */
                    rep_pen_range?: number | null;
                    /** @description llama.cpp, Ollama: another name for repetition_penalty_range */
                    repeat_last_n?: number | null;
                    /** @description llama.cpp (older), LLM for Unity: newlines count for the repetition penalty (sampler; see the parameter table) */
                    penalize_nl?: boolean | null;
                    /** @description llama.cpp (older), LLM for Unity: what the repetition penalty reads instead of the prompt (sampler; see the parameter table) */
                    penalty_prompt?: (string | number[]) | null;
                    /** @description KoboldCpp (sampler; see the parameter table) */
                    rep_pen_slope?: number | null;
                    /** @description TabbyAPI (sampler; see the parameter table) */
                    repetition_decay?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    encoder_repetition_penalty?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    no_repeat_ngram_size?: number | null;
                    /** @description DRY (sampler; see the parameter table) */
                    dry_multiplier?: number | null;
                    /** @description DRY (sampler; see the parameter table) */
                    dry_base?: number | null;
                    /** @description DRY (sampler; see the parameter table) */
                    dry_allowed_length?: number | null;
                    /** @description DRY (a JSON list in a string, or a list) (sampler; see the parameter table) */
                    dry_sequence_breakers?: (string | string[]) | null;
                    /** @description DRY (sampler; see the parameter table) */
                    dry_penalty_last_n?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    dynamic_temperature?: boolean | null;
                    /** @description llama.cpp, TabbyAPI (sampler; see the parameter table) */
                    dynatemp_range?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    dynatemp_low?: number | null;
                    /** @description Aphrodite: another name for dynatemp_low */
                    dynatemp_min?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    dynatemp_high?: number | null;
                    /** @description Aphrodite: another name for dynatemp_high */
                    dynatemp_max?: number | null;
                    /** @description dynamic temperature (sampler; see the parameter table) */
                    dynatemp_exponent?: number | null;
                    /** @description quadratic sampling (sampler; see the parameter table) */
                    smoothing_factor?: number | null;
                    /** @description quadratic sampling (sampler; see the parameter table) */
                    smoothing_curve?: number | null;
                    /** @description webui, TabbyAPI, Aphrodite (sampler; see the parameter table) */
                    temperature_last?: boolean | null;
                    /** @description webui, TabbyAPI (sampler; see the parameter table) */
                    mirostat_mode?: number | null;
                    /** @description llama.cpp: another name for mirostat_mode */
                    mirostat?: number | null;
                    /** @description Mirostat (sampler; see the parameter table) */
                    mirostat_tau?: number | null;
                    /** @description Mirostat (sampler; see the parameter table) */
                    mirostat_eta?: number | null;
                    /** @description XTC (sampler; see the parameter table) */
                    xtc_probability?: number | null;
                    /** @description XTC (sampler; see the parameter table) */
                    xtc_threshold?: number | null;
                    /** @description llama.cpp adaptive-p (sampler; see the parameter table) */
                    adaptive_target?: number | null;
                    /** @description adaptive-p (sampler; see the parameter table) */
                    adaptive_decay?: number | null;
                    /** @description llama.cpp sampler order (sampler; see the parameter table) */
                    samplers?: (string | string[]) | null;
                    /** @description webui order (sampler; see the parameter table) */
                    sampler_priority?: string[] | null;
                    /** @description KoboldCpp order (sampler; see the parameter table) */
                    sampler_order?: number[] | null;
                    /** @description vLLM, webui (sampler; see the parameter table) */
                    min_tokens?: number | null;
                    /** @description webui: another name for min_tokens */
                    min_length?: number | null;
                    /** @description llama.cpp, vLLM (sampler; see the parameter table) */
                    ignore_eos?: boolean | null;
                    /** @description webui: another name for ignore_eos */
                    ban_eos_token?: boolean | null;
                    /** @description KoboldCpp: bans the end-of-text token: another name for ignore_eos */
                    use_default_badwordsids?: boolean | null;
                    /** @description KoboldCpp: another name for ignore_eos */
                    bypass_eos?: boolean | null;
                    /** @description KoboldCpp: special tokens written out in the text (sampler; see the parameter table) */
                    render_special?: boolean | null;
                    /** @description webui, TabbyAPI (sampler; see the parameter table) */
                    add_bos_token?: boolean | null;
                    /** @description vLLM, webui (sampler; see the parameter table) */
                    skip_special_tokens?: boolean | null;
                    /** @description vLLM (sampler; see the parameter table) */
                    spaces_between_special_tokens?: boolean | null;
                    /** @description vLLM (sampler; see the parameter table) */
                    include_stop_str_in_output?: boolean | null;
                    /** @description KoboldCpp (sampler; see the parameter table) */
                    trim_stop?: boolean | null;
                    /** @description vLLM (sampler; see the parameter table) */
                    stop_token_ids?: number[] | null;
                    /** @description webui, TabbyAPI, Aphrodite: token ids (sampler; see the parameter table) */
                    custom_token_bans?: (string | number[]) | null;
                    /** @description TabbyAPI, KoboldCpp (sampler; see the parameter table) */
                    banned_strings?: string[] | null;
                    /** @description KoboldCpp: phrases it never writes: another name for banned_strings */
                    banned_tokens?: string[] | null;
                    /** @description webui (false: greedy) (sampler; see the parameter table) */
                    do_sample?: boolean | null;
                    /** @description webui (sampler; see the parameter table) */
                    num_beams?: number | null;
                    /** @description vLLM (sampler; see the parameter table) */
                    use_beam_search?: boolean | null;
                    /** @description beam search (sampler; see the parameter table) */
                    length_penalty?: number | null;
                    /** @description beam search (sampler; see the parameter table) */
                    early_stopping?: boolean | null;
                    /** @description webui contrastive search (sampler; see the parameter table) */
                    penalty_alpha?: number | null;
                    /** @description webui CFG (sampler; see the parameter table) */
                    guidance_scale?: number | null;
                    /** @description webui CFG (sampler; see the parameter table) */
                    negative_prompt?: string | null;
                    /** @description vLLM: keep the last N prompt tokens (sampler; see the parameter table) */
                    truncate_prompt_tokens?: number | null;
                    /** @description llama.cpp, KoboldCpp: GBNF (constraint; see the parameter table) */
                    grammar?: string | null;
                    /** @description webui, TabbyAPI: another name for grammar */
                    grammar_string?: string | null;
                    /** @description vLLM: another name for grammar */
                    guided_grammar?: string | null;
                    /** @description llama.cpp, TabbyAPI: a JSON schema as grammar (constraint; see the parameter table) */
                    json_schema?: {
                        [key: string]: unknown;
                    } | null;
                    /** @description vLLM: another name for json_schema */
                    guided_json?: {
                        [key: string]: unknown;
                    } | null;
                    /** @description vLLM (constraint; see the parameter table) */
                    guided_regex?: string | null;
                    /** @description vLLM (constraint; see the parameter table) */
                    guided_choice?: string[] | null;
                    /** @description KoboldCpp (constraint; see the parameter table) */
                    grammar_retain_state?: boolean | null;
                    /** @description reasoning in the text (constraint; see the parameter table) */
                    include_reasoning?: boolean | null;
                    /** @description webui: paces the stream (constraint; see the parameter table) */
                    max_tokens_second?: number | null;
                    /** @description llama.cpp: reuse the KV cache (hint; see the parameter table) */
                    cache_prompt?: boolean | null;
                    /** @description llama.cpp: the slot to run in (-1: any idle one) (hint; see the parameter table) */
                    id_slot?: number | null;
                    /** @description llama.cpp: prompt tokens kept when the context shifts (hint; see the parameter table) */
                    n_keep?: number | null;
                    /** @description llama.cpp: the least KV cache chunk reused (hint; see the parameter table) */
                    n_cache_reuse?: number | null;
                    /** @description TabbyAPI: speculative decoding (hint; see the parameter table) */
                    speculative_ngram?: boolean | null;
                    /** @description webui: the context size the prompt fits (hint; see the parameter table) */
                    truncation_length?: number | null;
                    /** @description KoboldCpp: the context size the prompt fits: another name for truncation_length */
                    max_context_length?: number | null;
                    /** @description Ollama: the context size the prompt fits (hint; see the parameter table) */
                    num_ctx?: number | null;
                    /** @description Ollama: batch size (hint; see the parameter table) */
                    num_batch?: number | null;
                    /** @description vLLM: which guided-decoding engine (hint; see the parameter table) */
                    guided_decoding_backend?: string | null;
                    /** @description vLLM: whitespace in guided JSON (hint; see the parameter table) */
                    guided_whitespace_pattern?: string | null;
                    /** @description SillyTavern's backend type (client; see the parameter table) */
                    api_type?: string | null;
                    /** @description SillyTavern's backend URL (client; see the parameter table) */
                    api_server?: string | null;
                    /** @description KoboldCpp: the key a client polls its generation by (client; see the parameter table) */
                    genkey?: string | null;
                    /** @description KoboldCpp: keep the prompt out of the server log (client; see the parameter table) */
                    quiet?: boolean | null;
                    /** @description llama.cpp's probabilities, which Loremaster does not return: send logprobs (refused; see the parameter table) */
                    n_probs?: number | null;
                    /** @description webui's retired /v1/generate (refused; see the parameter table) */
                    legacy_api?: boolean | null;
                    /** @description Tokens to write at most (max_tokens) */
                    max_length?: number | null;
                    /** @description Stop strings (stop) */
                    stop_sequence?: string[] | null;
                    /** @description Text put before the prompt, as KoboldCpp does */
                    memory?: string | null;
                    /** @description Stop at the end of the line */
                    singleline?: boolean | null;
                    images?: string[] | null;
                    use_story?: boolean | null;
                    use_memory?: boolean | null;
                    use_authors_note?: boolean | null;
                    use_world_info?: boolean | null;
                    gui_settings?: boolean | null;
                    frmtadsnsp?: boolean | null;
                    frmtrmblln?: boolean | null;
                    frmtrmspch?: boolean | null;
                    frmttriminc?: boolean | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldGeneration"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
        };
    };
    postApiExtraGenerateStream: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A model name, a role or provider/model; the generation role when omitted or "" */
                    model?: string;
                    prompt: string;
                    suffix?: string | null;
                    echo?: boolean | null;
                    best_of?: number | null;
                    logprobs?: number | null;
                    n?: number | null;
                    stop?: (string | string[]) | null;
                    max_tokens?: number | null;
                    temperature?: number | null;
                    top_p?: number | null;
                    top_k?: number | null;
                    frequency_penalty?: number | null;
                    presence_penalty?: number | null;
                    logit_bias?: ({
                        [key: string]: number;
                    } | [
                        number,
                        number | false
                    ][]) | null;
                    seed?: number | null;
                    user?: string;
                    stream?: boolean | null;
                    stream_options?: {
                        include_usage?: boolean;
                    } | null;
                    /** @description text-generation-webui: another name for max_tokens */
                    max_new_tokens?: number | null;
                    /** @description llama.cpp: another name for max_tokens */
                    n_predict?: number | null;
                    /** @description Ollama: another name for max_tokens */
                    num_predict?: number | null;
                    /** @description text-generation-webui: another name for stop */
                    stopping_strings?: string[] | null;
                    /** @description text-generation-webui: another name for seed */
                    sampler_seed?: number | null;
                    /** @description llama.cpp, vLLM, Ollama, webui (sampler; see the parameter table) */
                    min_p?: number | null;
                    /** @description locally typical sampling (sampler; see the parameter table) */
                    typical_p?: number | null;
                    /** @description KoboldCpp: another name for typical_p */
                    typical?: number | null;
                    /** @description tail-free sampling (sampler; see the parameter table) */
                    tfs?: number | null;
                    /** @description llama.cpp, Ollama: another name for tfs */
                    tfs_z?: number | null;
                    /** @description top-a (sampler; see the parameter table) */
                    top_a?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    epsilon_cutoff?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    eta_cutoff?: number | null;
                    /** @description top-nσ (sampler; see the parameter table) */
                    nsigma?: number | null;
                    /** @description llama.cpp: another name for nsigma */
                    top_n_sigma?: number | null;
                    /** @description llama.cpp, webui (sampler; see the parameter table) */
                    min_keep?: number | null;
                    /** @description TabbyAPI (sampler; see the parameter table) */
                    skew?: number | null;
                    /** @description vLLM, webui, TabbyAPI (sampler; see the parameter table) */
                    repetition_penalty?: number | null;
                    /** @description KoboldCpp: another name for repetition_penalty */
                    rep_pen?: number | null;
                    /** @description llama.cpp, Ollama: another name for repetition_penalty */
                    repeat_penalty?: number | null;
                    /** @description tokens the penalty looks back over (sampler; see the parameter table) */
                    repetition_penalty_range?: number | null;
                    /** @description KoboldCpp: another name for repetition_penalty_range */
                    rep_pen_range?: number | null;
                    /** @description llama.cpp, Ollama: another name for repetition_penalty_range */
                    repeat_last_n?: number | null;
                    /** @description llama.cpp (older), LLM for Unity: newlines count for the repetition penalty (sampler; see the parameter table) */
                    penalize_nl?: boolean | null;
                    /** @description llama.cpp (older), LLM for Unity: what the repetition penalty reads instead of the prompt (sampler; see the parameter table) */
                    penalty_prompt?: (string | number[]) | null;
                    /** @description KoboldCpp (sampler; see the parameter table) */
                    rep_pen_slope?: number | null;
                    /** @description TabbyAPI (sampler; see the parameter table) */
                    repetition_decay?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    encoder_repetition_penalty?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    no_repeat_ngram_size?: number | null;
                    /** @description DRY (sampler; see the parameter table) */
                    dry_multiplier?: number | null;
                    /** @description DRY (sampler; see the parameter table) */
                    dry_base?: number | null;
                    /** @description DRY (sampler; see the parameter table) */
                    dry_allowed_length?: number | null;
                    /** @description DRY (a JSON list in a string, or a list) (sampler; see the parameter table) */
                    dry_sequence_breakers?: (string | string[]) | null;
                    /** @description DRY (sampler; see the parameter table) */
                    dry_penalty_last_n?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    dynamic_temperature?: boolean | null;
                    /** @description llama.cpp, TabbyAPI (sampler; see the parameter table) */
                    dynatemp_range?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    dynatemp_low?: number | null;
                    /** @description Aphrodite: another name for dynatemp_low */
                    dynatemp_min?: number | null;
                    /** @description webui (sampler; see the parameter table) */
                    dynatemp_high?: number | null;
                    /** @description Aphrodite: another name for dynatemp_high */
                    dynatemp_max?: number | null;
                    /** @description dynamic temperature (sampler; see the parameter table) */
                    dynatemp_exponent?: number | null;
                    /** @description quadratic sampling (sampler; see the parameter table) */
                    smoothing_factor?: number | null;
                    /** @description quadratic sampling (sampler; see the parameter table) */
                    smoothing_curve?: number | null;
                    /** @description webui, TabbyAPI, Aphrodite (sampler; see the parameter table) */
                    temperature_last?: boolean | null;
                    /** @description webui, TabbyAPI (sampler; see the parameter table) */
                    mirostat_mode?: number | null;
                    /** @description llama.cpp: another name for mirostat_mode */
                    mirostat?: number | null;
                    /** @description Mirostat (sampler; see the parameter table) */
                    mirostat_tau?: number | null;
                    /** @description Mirostat (sampler; see the parameter table) */
                    mirostat_eta?: number | null;
                    /** @description XTC (sampler; see the parameter table) */
                    xtc_probability?: number | null;
                    /** @description XTC (sampler; see the parameter table) */
                    xtc_threshold?: number | null;
                    /** @description llama.cpp adaptive-p (sampler; see the parameter table) */
                    adaptive_target?: number | null;
                    /** @description adaptive-p (sampler; see the parameter table) */
                    adaptive_decay?: number | null;
                    /** @description llama.cpp sampler order (sampler; see the parameter table) */
                    samplers?: (string | string[]) | null;
                    /** @description webui order (sampler; see the parameter table) */
                    sampler_priority?: string[] | null;
                    /** @description KoboldCpp order (sampler; see the parameter table) */
                    sampler_order?: number[] | null;
                    /** @description vLLM, webui (sampler; see the parameter table) */
                    min_tokens?: number | null;
                    /** @description webui: another name for min_tokens */
                    min_length?: number | null;
                    /** @description llama.cpp, vLLM (sampler; see the parameter table) */
                    ignore_eos?: boolean | null;
                    /** @description webui: another name for ignore_eos */
                    ban_eos_token?: boolean | null;
                    /** @description KoboldCpp: bans the end-of-text token: another name for ignore_eos */
                    use_default_badwordsids?: boolean | null;
                    /** @description KoboldCpp: another name for ignore_eos */
                    bypass_eos?: boolean | null;
                    /** @description KoboldCpp: special tokens written out in the text (sampler; see the parameter table) */
                    render_special?: boolean | null;
                    /** @description webui, TabbyAPI (sampler; see the parameter table) */
                    add_bos_token?: boolean | null;
                    /** @description vLLM, webui (sampler; see the parameter table) */
                    skip_special_tokens?: boolean | null;
                    /** @description vLLM (sampler; see the parameter table) */
                    spaces_between_special_tokens?: boolean | null;
                    /** @description vLLM (sampler; see the parameter table) */
                    include_stop_str_in_output?: boolean | null;
                    /** @description KoboldCpp (sampler; see the parameter table) */
                    trim_stop?: boolean | null;
                    /** @description vLLM (sampler; see the parameter table) */
                    stop_token_ids?: number[] | null;
                    /** @description webui, TabbyAPI, Aphrodite: token ids (sampler; see the parameter table) */
                    custom_token_bans?: (string | number[]) | null;
                    /** @description TabbyAPI, KoboldCpp (sampler; see the parameter table) */
                    banned_strings?: string[] | null;
                    /** @description KoboldCpp: phrases it never writes: another name for banned_strings */
                    banned_tokens?: string[] | null;
                    /** @description webui (false: greedy) (sampler; see the parameter table) */
                    do_sample?: boolean | null;
                    /** @description webui (sampler; see the parameter table) */
                    num_beams?: number | null;
                    /** @description vLLM (sampler; see the parameter table) */
                    use_beam_search?: boolean | null;
                    /** @description beam search (sampler; see the parameter table) */
                    length_penalty?: number | null;
                    /** @description beam search (sampler; see the parameter table) */
                    early_stopping?: boolean | null;
                    /** @description webui contrastive search (sampler; see the parameter table) */
                    penalty_alpha?: number | null;
                    /** @description webui CFG (sampler; see the parameter table) */
                    guidance_scale?: number | null;
                    /** @description webui CFG (sampler; see the parameter table) */
                    negative_prompt?: string | null;
                    /** @description vLLM: keep the last N prompt tokens (sampler; see the parameter table) */
                    truncate_prompt_tokens?: number | null;
                    /** @description llama.cpp, KoboldCpp: GBNF (constraint; see the parameter table) */
                    grammar?: string | null;
                    /** @description webui, TabbyAPI: another name for grammar */
                    grammar_string?: string | null;
                    /** @description vLLM: another name for grammar */
                    guided_grammar?: string | null;
                    /** @description llama.cpp, TabbyAPI: a JSON schema as grammar (constraint; see the parameter table) */
                    json_schema?: {
                        [key: string]: unknown;
                    } | null;
                    /** @description vLLM: another name for json_schema */
                    guided_json?: {
                        [key: string]: unknown;
                    } | null;
                    /** @description vLLM (constraint; see the parameter table) */
                    guided_regex?: string | null;
                    /** @description vLLM (constraint; see the parameter table) */
                    guided_choice?: string[] | null;
                    /** @description KoboldCpp (constraint; see the parameter table) */
                    grammar_retain_state?: boolean | null;
                    /** @description reasoning in the text (constraint; see the parameter table) */
                    include_reasoning?: boolean | null;
                    /** @description webui: paces the stream (constraint; see the parameter table) */
                    max_tokens_second?: number | null;
                    /** @description llama.cpp: reuse the KV cache (hint; see the parameter table) */
                    cache_prompt?: boolean | null;
                    /** @description llama.cpp: the slot to run in (-1: any idle one) (hint; see the parameter table) */
                    id_slot?: number | null;
                    /** @description llama.cpp: prompt tokens kept when the context shifts (hint; see the parameter table) */
                    n_keep?: number | null;
                    /** @description llama.cpp: the least KV cache chunk reused (hint; see the parameter table) */
                    n_cache_reuse?: number | null;
                    /** @description TabbyAPI: speculative decoding (hint; see the parameter table) */
                    speculative_ngram?: boolean | null;
                    /** @description webui: the context size the prompt fits (hint; see the parameter table) */
                    truncation_length?: number | null;
                    /** @description KoboldCpp: the context size the prompt fits: another name for truncation_length */
                    max_context_length?: number | null;
                    /** @description Ollama: the context size the prompt fits (hint; see the parameter table) */
                    num_ctx?: number | null;
                    /** @description Ollama: batch size (hint; see the parameter table) */
                    num_batch?: number | null;
                    /** @description vLLM: which guided-decoding engine (hint; see the parameter table) */
                    guided_decoding_backend?: string | null;
                    /** @description vLLM: whitespace in guided JSON (hint; see the parameter table) */
                    guided_whitespace_pattern?: string | null;
                    /** @description SillyTavern's backend type (client; see the parameter table) */
                    api_type?: string | null;
                    /** @description SillyTavern's backend URL (client; see the parameter table) */
                    api_server?: string | null;
                    /** @description KoboldCpp: the key a client polls its generation by (client; see the parameter table) */
                    genkey?: string | null;
                    /** @description KoboldCpp: keep the prompt out of the server log (client; see the parameter table) */
                    quiet?: boolean | null;
                    /** @description llama.cpp's probabilities, which Loremaster does not return: send logprobs (refused; see the parameter table) */
                    n_probs?: number | null;
                    /** @description webui's retired /v1/generate (refused; see the parameter table) */
                    legacy_api?: boolean | null;
                    /** @description Tokens to write at most (max_tokens) */
                    max_length?: number | null;
                    /** @description Stop strings (stop) */
                    stop_sequence?: string[] | null;
                    /** @description Text put before the prompt, as KoboldCpp does */
                    memory?: string | null;
                    /** @description Stop at the end of the line */
                    singleline?: boolean | null;
                    images?: string[] | null;
                    use_story?: boolean | null;
                    use_memory?: boolean | null;
                    use_authors_note?: boolean | null;
                    use_world_info?: boolean | null;
                    gui_settings?: boolean | null;
                    frmtadsnsp?: boolean | null;
                    frmtrmblln?: boolean | null;
                    frmtrmspch?: boolean | null;
                    frmttriminc?: boolean | null;
                };
            };
        };
        responses: {
            /** @description `event: message` events of one token each; the last has an empty token and its finish reason */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
        };
    };
    getApiExtraGenerateCheck: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The text generated so far: "" when no generation of the caller answers to the genkey */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        results: {
                            text: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
        };
    };
    postApiExtraGenerateCheck: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    genkey?: string | null;
                };
            };
        };
        responses: {
            /** @description The text generated so far: "" when no generation of the caller answers to the genkey */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        results: {
                            text: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
        };
    };
    headApiExtraGenerateCheck: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The text generated so far: "" when no generation of the caller answers to the genkey */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        results: {
                            text: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
        };
    };
    postApiExtraAbort: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    genkey?: string | null;
                };
            };
        };
        responses: {
            /** @description "true" when a generation in flight was stopped, as KoboldCpp answers (strings) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        success: "true" | "false";
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
        };
    };
    getApiV1ConfigMaxContextLength: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        value: number;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
        };
    };
    headApiV1ConfigMaxContextLength: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        value: number;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
        };
    };
    getApiExtraTrueMaxContextLength: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        value: number;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
        };
    };
    headApiExtraTrueMaxContextLength: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        value: number;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
        };
    };
    getApiV1ConfigMaxLength: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        value: number;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
        };
    };
    headApiV1ConfigMaxLength: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        value: number;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
        };
    };
    getApiV1Model: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        result: string;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
        };
    };
    headApiV1Model: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        result: string;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
        };
    };
    getApiV1InfoVersion: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        result: string;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
        };
    };
    headApiV1InfoVersion: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        result: string;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
        };
    };
    getApiExtraVersion: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        result: string;
                        version: string;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
        };
    };
    headApiExtraVersion: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        result: string;
                        version: string;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KoboldError"];
                };
            };
        };
    };
    getLlmAnalytics: {
        parameters: {
            query?: {
                /** @description The bucket size */
                period?: "hour" | "day";
                group_by?: "provider" | "model" | "role" | "kind" | "api_key";
                /** @description Roll-ups from this time on (default: the last day by hour, 30 days by day) (an ISO 8601 date or date-time, or epoch milliseconds) */
                since?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UsageAnalytics"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headLlmAnalytics: {
        parameters: {
            query?: {
                /** @description The bucket size */
                period?: "hour" | "day";
                group_by?: "provider" | "model" | "role" | "kind" | "api_key";
                /** @description Roll-ups from this time on (default: the last day by hour, 30 days by day) (an ISO 8601 date or date-time, or epoch milliseconds) */
                since?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UsageAnalytics"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getLlmAnalyticsReport: {
        parameters: {
            query?: {
                /** @description The bucket size */
                period?: "hour" | "day";
                /** @description Roll-ups from this time on (default: the last day by hour, 30 days by day) (an ISO 8601 date or date-time, or epoch milliseconds) */
                since?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The report */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headLlmAnalyticsReport: {
        parameters: {
            query?: {
                /** @description The bucket size */
                period?: "hour" | "day";
                /** @description Roll-ups from this time on (default: the last day by hour, 30 days by day) (an ISO 8601 date or date-time, or epoch milliseconds) */
                since?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The report */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Prometheus text exposition */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Prometheus text exposition */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMetricsDetailed: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DetailedMetrics"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headMetricsDetailed: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DetailedMetrics"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postLlmConversation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    title?: string;
                    system_prompt?: string;
                    model?: string;
                    world_id?: string;
                    session_id?: string;
                    metadata?: {
                        [key: string]: string | number | boolean | null;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversation"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getLlmConversations: {
        parameters: {
            query?: {
                limit?: string;
                cursor?: string;
                include_archived?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["Conversation"][];
                        has_more: boolean;
                        /** @description Pass as `cursor` for the next page */
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headLlmConversations: {
        parameters: {
            query?: {
                limit?: string;
                cursor?: string;
                include_archived?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["Conversation"][];
                        has_more: boolean;
                        /** @description Pass as `cursor` for the next page */
                        next_cursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getLlmConversationsSearch: {
        parameters: {
            query: {
                q: string;
                limit?: string;
                include_archived?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        query: string;
                        data: components["schemas"]["ConversationSearchHit"][];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headLlmConversationsSearch: {
        parameters: {
            query: {
                q: string;
                limit?: string;
                include_archived?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        query: string;
                        data: components["schemas"]["ConversationSearchHit"][];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getLlmConversationId: {
        parameters: {
            query?: {
                limit?: string;
                after?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationWithMessages"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteLlmConversationId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversation"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headLlmConversationId: {
        parameters: {
            query?: {
                limit?: string;
                after?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationWithMessages"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postLlmConversationIdMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    content: string;
                    name?: string;
                    stream?: boolean;
                    model?: string;
                    temperature?: number;
                    max_tokens?: number;
                };
            };
        };
        responses: {
            /** @description The stored answer, or with `stream: true` its server-sent events */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationTurn"];
                    "text/event-stream": string;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postWorldsIdSearch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    q: string;
                    /** @default 10 */
                    k?: number;
                    /** @default {} */
                    filters?: {
                        kinds?: string[];
                        tags?: string[];
                        session_id?: string;
                        known_by?: string;
                    };
                    /**
                     * @default hybrid
                     * @enum {string}
                     */
                    mode?: "hybrid" | "lexical" | "vector";
                    /** @default true */
                    rerank?: boolean;
                    /** @default true */
                    expand?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchResults"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getLlmCalls: {
        parameters: {
            query?: {
                limit?: number;
                provider?: string;
                /** @description Calls from this time on (an ISO 8601 date or date-time, or epoch milliseconds) */
                since?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["LlmCallSummary"][];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headLlmCalls: {
        parameters: {
            query?: {
                limit?: number;
                provider?: string;
                /** @description Calls from this time on (an ISO 8601 date or date-time, or epoch milliseconds) */
                since?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["LlmCallSummary"][];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getLlmCallsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LlmCall"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headLlmCallsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LlmCall"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postLlmCallsIdReplay: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LlmCallReplay"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postV1Embeddings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    model: string;
                    input: string | string[];
                    /** @enum {string} */
                    encoding_format?: "float" | "base64";
                    dimensions?: number;
                    user?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmbeddingList"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postApiEmbed: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OllamaEmbedRequestInput"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        model: string;
                        embeddings: number[][];
                        total_duration: number;
                        load_duration: number;
                        prompt_eval_count: number;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
        };
    };
    postApiEmbeddings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OllamaEmbeddingsRequestInput"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        embedding: number[];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OllamaError"];
                };
            };
        };
    };
    postEmbedding: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    content?: string | string[];
                    input?: string | string[];
                    /** @description A model name; the embedding role when omitted or "" */
                    model?: string;
                    /** @description -1: as the model gives it, 0: max absolute, 1: taxicab, 2 (default): Euclidean, >2: p-norm */
                    embd_normalize?: number | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        index: number;
                        embedding: number[][];
                    }[];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postEmbeddings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    content?: string | string[];
                    input?: string | string[];
                    /** @description A model name; the embedding role when omitted or "" */
                    model?: string;
                    /** @description -1: as the model gives it, 0: max absolute, 1: taxicab, 2 (default): Euclidean, >2: p-norm */
                    embd_normalize?: number | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        index: number;
                        embedding: number[][];
                    }[];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getLlmPrompts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["Prompt"][];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postLlmPrompts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string;
                    /**
                     * @default generation
                     * @enum {string}
                     */
                    role?: "generation" | "analysis" | "maintenance";
                    /**
                     * @default text
                     * @enum {string}
                     */
                    output?: "text" | "json";
                    /** @description A JSON Schema (at most 32 levels deep and 64000 characters) */
                    json_schema?: {
                        [key: string]: unknown;
                    };
                    /** @default {} */
                    variables?: {
                        [key: string]: components["schemas"]["PromptVariableSpecInput"];
                    };
                    /**
                     * @description Sample variables (at most 32 levels deep and 256000 characters)
                     * @default {}
                     */
                    sample?: {
                        [key: string]: unknown;
                    };
                    system?: string;
                    user: string;
                    temperature?: number;
                    max_tokens?: number;
                    variants?: {
                        [key: string]: {
                            system?: string;
                            user?: string;
                            temperature?: number;
                            max_tokens?: number;
                        };
                    };
                    environments?: {
                        [key: string]: {
                            system?: string;
                            user?: string;
                            temperature?: number;
                            max_tokens?: number;
                        };
                    };
                    ab?: {
                        system?: string;
                        user?: string;
                        temperature?: number;
                        max_tokens?: number;
                        name: string;
                        weight: number;
                    }[];
                    name: string;
                    activate?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "prompt";
                        id: string;
                        name: string;
                        description: string | null;
                        active_version: number | null;
                        created_at: string;
                        updated_at: string;
                        version: components["schemas"]["PromptVersion"];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headLlmPrompts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["Prompt"][];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getLlmPromptsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The prompt's id or name */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "prompt";
                        id: string;
                        name: string;
                        description: string | null;
                        active_version: number | null;
                        created_at: string;
                        updated_at: string;
                        versions: components["schemas"]["PromptVersion"][];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headLlmPromptsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The prompt's id or name */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "prompt";
                        id: string;
                        name: string;
                        description: string | null;
                        active_version: number | null;
                        created_at: string;
                        updated_at: string;
                        versions: components["schemas"]["PromptVersion"][];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postLlmPromptsIdActivate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The prompt's id or name */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    version: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Prompt"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postLlmPromptsIdRender: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The prompt's id or name */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Template variables (at most 32 levels deep and 256000 characters) */
                    variables?: {
                        [key: string]: unknown;
                    };
                    sample?: boolean;
                    version?: number;
                    model?: string;
                    environment?: string;
                    session_id?: string;
                    arm?: string;
                    budget_tokens?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromptRender"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postLlmPromptsIdComplete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The prompt's id or name */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Template variables (at most 32 levels deep and 256000 characters) */
                    variables?: {
                        [key: string]: unknown;
                    };
                    sample?: boolean;
                    version?: number;
                    model?: string;
                    session_id?: string;
                    budget_tokens?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromptCompletion"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getLlmPromptsIdStats: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The prompt's id or name */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromptStats"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headLlmPromptsIdStats: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The prompt's id or name */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromptStats"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postLlmFeedback: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    call_id: string;
                    rating?: number;
                    /** @enum {string} */
                    thumbs?: "up" | "down";
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Feedback"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getLlmWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["Webhook"][];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postLlmWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    url: string;
                    /**
                     * @default [
                     *       "*"
                     *     ]
                     */
                    types?: string[];
                    /** @default null */
                    world_id?: string | null;
                    /** @default null */
                    session_id?: string | null;
                    /** @default null */
                    description?: string | null;
                    /** @default true */
                    active?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        object: "webhook";
                        url: string;
                        types: string[];
                        world_id: string | null;
                        session_id: string | null;
                        description: string | null;
                        active: boolean;
                        created_at: string;
                        updated_at: string;
                        deliveries?: {
                            pending: number;
                            delivered: number;
                            dead: number;
                        };
                        secret: string;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headLlmWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["Webhook"][];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getLlmWebhooksId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteLlmWebhooksId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        object: "webhook";
                        /** @enum {boolean} */
                        deleted: true;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headLlmWebhooksId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    patchLlmWebhooksId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    url?: string;
                    types?: string[];
                    world_id?: string | null;
                    session_id?: string | null;
                    description?: string | null;
                    active?: boolean;
                    /** @enum {boolean} */
                    rotate_secret?: true;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        object: "webhook";
                        url: string;
                        types: string[];
                        world_id: string | null;
                        session_id: string | null;
                        description: string | null;
                        active: boolean;
                        created_at: string;
                        updated_at: string;
                        deliveries?: {
                            pending: number;
                            delivered: number;
                            dead: number;
                        };
                        secret?: string;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getLlmWebhooksIdDeliveries: {
        parameters: {
            query?: {
                status?: "pending" | "delivered" | "dead";
                before?: number;
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["WebhookDelivery"][];
                        has_more: boolean;
                        next_before: number | null;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headLlmWebhooksIdDeliveries: {
        parameters: {
            query?: {
                status?: "pending" | "delivered" | "dead";
                before?: number;
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["WebhookDelivery"][];
                        has_more: boolean;
                        next_before: number | null;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getLlmWebhooksIdDeliveriesDeliveryId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                deliveryId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headLlmWebhooksIdDeliveriesDeliveryId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                deliveryId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postLlmWebhooksIdDeliveriesDeliveryIdRetry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                deliveryId: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWorlds: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["World"][];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postWorlds: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    description?: string;
                    /** @default false */
                    shared?: boolean;
                    /**
                     * @description At most 8 levels deep, 256 keys per object or items per array, 512 KiB as JSON.
                     * @default {}
                     */
                    settings?: {
                        player?: {
                            name?: string;
                            description?: string;
                            traits?: string[];
                        } & {
                            [key: string]: unknown;
                        };
                        theme?: {
                            genre?: string;
                            tone?: string;
                        } & {
                            [key: string]: unknown;
                        };
                        /** @description At most 8 levels deep, 256 keys per object or items per array, 64 KiB as JSON. */
                        state?: {
                            [key: string]: unknown;
                        };
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["World"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headWorlds: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["World"][];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postWorldsImport: {
        parameters: {
            query?: {
                name?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportedWorld"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWorldsIdExport: {
        parameters: {
            query: {
                format: "card-v2" | "card-v3" | "card-v2-png" | "card-v3-png" | "lorebook-v3" | "world-info";
                session_id?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file, as an attachment (its JSON, or the PNG card) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                    "image/png": string;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headWorldsIdExport: {
        parameters: {
            query: {
                format: "card-v2" | "card-v3" | "card-v2-png" | "card-v3-png" | "lorebook-v3" | "world-info";
                session_id?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file, as an attachment (its JSON, or the PNG card) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                    "image/png": string;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWorldsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["World"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteWorldsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Removed"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headWorldsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["World"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    patchWorldsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    description?: string | null;
                    theme?: ({
                        genre?: string | null;
                        tone?: string | null;
                    } & {
                        [key: string]: unknown;
                    }) | null;
                    /** @description At most 8 levels deep, 256 keys per object or items per array, 512 KiB as JSON. */
                    settings?: {
                        player?: ({
                            name?: string | null;
                            description?: string | null;
                            traits?: string[] | null;
                        } & {
                            [key: string]: unknown;
                        }) | null;
                        theme?: ({
                            genre?: string | null;
                            tone?: string | null;
                        } & {
                            [key: string]: unknown;
                        }) | null;
                        state?: {
                            [key: string]: unknown;
                        } | null;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["World"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWorldsIdEntities: {
        parameters: {
            query?: {
                type?: string;
                session_id?: string;
                limit?: number;
                offset?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["Entity"][];
                        limit: number;
                        offset: number;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postWorldsIdEntities: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    type: "character" | "location" | "item" | "faction" | "quest" | "concept" | "event";
                    name: string;
                    /** @default [] */
                    aliases?: string[];
                    tags?: string[];
                    /** @default  */
                    description?: string;
                    /** @default  */
                    note?: string;
                    /** @default [] */
                    connections?: {
                        to: string;
                        relation: string;
                    }[];
                    /** @default {} */
                    attributes?: {
                        [key: string]: string | number | boolean;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Entity"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headWorldsIdEntities: {
        parameters: {
            query?: {
                type?: string;
                session_id?: string;
                limit?: number;
                offset?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["Entity"][];
                        limit: number;
                        offset: number;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWorldsIdEntitiesEntityId: {
        parameters: {
            query?: {
                session_id?: string;
            };
            header?: never;
            path: {
                id: string;
                entityId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Entity"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteWorldsIdEntitiesEntityId: {
        parameters: {
            query?: {
                session_id?: string;
            };
            header?: never;
            path: {
                id: string;
                entityId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headWorldsIdEntitiesEntityId: {
        parameters: {
            query?: {
                session_id?: string;
            };
            header?: never;
            path: {
                id: string;
                entityId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Entity"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    patchWorldsIdEntitiesEntityId: {
        parameters: {
            query?: {
                session_id?: string;
            };
            header?: never;
            path: {
                id: string;
                entityId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    aliases?: string[];
                    tags?: string[];
                    description?: string;
                    note?: string;
                    connections?: {
                        to: string;
                        relation: string;
                    }[];
                    attributes?: {
                        [key: string]: string | number | boolean;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Entity"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWorldsIdEntitiesEntityIdVersions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                entityId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["EntityVersion"][];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headWorldsIdEntitiesEntityIdVersions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                entityId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["EntityVersion"][];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWorldsIdEntitiesEntityIdKnowledge: {
        parameters: {
            query: {
                session_id: string;
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
                entityId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EntityKnowledge"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headWorldsIdEntitiesEntityIdKnowledge: {
        parameters: {
            query: {
                session_id: string;
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
                entityId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EntityKnowledge"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postSessionsIdPromote: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    entity_ids?: string[];
                    all?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Promotion"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWorldsIdSessions: {
        parameters: {
            query?: {
                status?: "active" | "ended";
                limit?: number;
                offset?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        world_id: string;
                        data: components["schemas"]["SessionSummary"][];
                        total: number;
                        limit: number;
                        offset: number;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postWorldsIdSessions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    player?: string;
                    /**
                     * @description At most 8 levels deep, 256 keys per object or items per array, 512 KiB as JSON.
                     * @default {}
                     */
                    metadata?: {
                        notes?: string[];
                        /** @description At most 8 levels deep, 256 keys per object or items per array, 64 KiB as JSON. */
                        state?: {
                            [key: string]: unknown;
                        };
                        player?: {
                            name?: string;
                            description?: string;
                            traits?: string[];
                        } & {
                            [key: string]: unknown;
                        };
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headWorldsIdSessions: {
        parameters: {
            query?: {
                status?: "active" | "ended";
                limit?: number;
                offset?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        world_id: string;
                        data: components["schemas"]["SessionSummary"][];
                        total: number;
                        limit: number;
                        offset: number;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSessionsId: {
        parameters: {
            query?: {
                after?: number;
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteSessionsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Removed"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headSessionsId: {
        parameters: {
            query?: {
                after?: number;
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    patchSessionsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description At most 8 levels deep, 256 keys per object or items per array, 64 KiB as JSON. */
                    state?: {
                        [key: string]: unknown;
                    };
                    notes?: {
                        add?: string[];
                        remove?: string[];
                    };
                    /** @enum {string} */
                    status?: "active" | "ended";
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postSessionsIdTurns: {
        parameters: {
            query?: never;
            header?: {
                /** @description A key the client makes for this turn (a UUID, say): a retry with the same key and request is answered with the first turn's stored answer instead of playing a second turn. */
                "idempotency-key"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    input: string;
                    /** @default false */
                    stream?: boolean;
                    /** @description At most 8 levels deep, 256 keys per object or items per array, 64 KiB as JSON. */
                    state?: {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description With `stream: true`: the turn as server-sent events (delta, turn, [DONE]) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Turn"];
                };
            };
            /** @description `idempotency_in_progress`: a request with this Idempotency-Key is still running (see Retry-After); `session_ended`, `session_without_world` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `idempotency_key_reused`: this Idempotency-Key was used for another session or request body */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSessionsIdTurnsNumberTasks: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
                /** @description The turn's number in its session (1, 2, …) */
                number: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TurnTasks"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headSessionsIdTurnsNumberTasks: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
                /** @description The turn's number in its session (1, 2, …) */
                number: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TurnTasks"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getLlmContextType: {
        parameters: {
            query?: {
                world_id?: string;
                session_id?: string;
                character_id?: string;
                input?: string;
                turn?: string;
                model?: string;
                budget_tokens?: string;
                sample?: "true" | "false";
            };
            header?: never;
            path: {
                /** @description narrator, turn_analysis (analysis), dialogue_line, or any prompt name */
                type: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromptContext"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headLlmContextType: {
        parameters: {
            query?: {
                world_id?: string;
                session_id?: string;
                character_id?: string;
                input?: string;
                turn?: string;
                model?: string;
                budget_tokens?: string;
                sample?: "true" | "false";
            };
            header?: never;
            path: {
                /** @description narrator, turn_analysis (analysis), dialogue_line, or any prompt name */
                type: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromptContext"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postSessionsIdDialogue: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    character_id: string;
                    said: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DialogueLine"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postMaintenanceTriggerAnalysis: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    session_id: string;
                    turn_number?: number;
                    /** @default false */
                    force?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MaintenanceTaskQueued"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postMaintenanceTriggerSimulation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    world_id: string;
                    session_id?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MaintenanceTaskQueued"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMaintenanceQueueStatus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MaintenanceQueueStatus"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headMaintenanceQueueStatus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MaintenanceQueueStatus"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMaintenanceDeadLetters: {
        parameters: {
            query?: {
                type?: "ANALYZE_TURN" | "UPDATE_NOTE" | "CREATE_ENTITY" | "SIMULATE_WORLD" | "EMBED_DOCUMENTS" | "GENERATE_CONTENT" | "RUN_BATCH";
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["DeadLetter"][];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headMaintenanceDeadLetters: {
        parameters: {
            query?: {
                type?: "ANALYZE_TURN" | "UPDATE_NOTE" | "CREATE_ENTITY" | "SIMULATE_WORLD" | "EMBED_DOCUMENTS" | "GENERATE_CONTENT" | "RUN_BATCH";
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["DeadLetter"][];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postMaintenanceDeadLettersIdRetry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "maintenance.task";
                        id: string;
                        /** @enum {string} */
                        type: "ANALYZE_TURN" | "UPDATE_NOTE" | "CREATE_ENTITY" | "SIMULATE_WORLD" | "EMBED_DOCUMENTS" | "GENERATE_CONTENT" | "RUN_BATCH";
                        /** @enum {string} */
                        state: "pending";
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMaintenanceTasksId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MaintenanceTask"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headMaintenanceTasksId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MaintenanceTask"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWsLlmConversation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success (its body is not described yet) */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headWsLlmConversation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success (its body is not described yet) */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postLlmGenerate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    prompt?: string;
                    version?: number;
                    /** @description Template variables (at most 32 levels deep and 256000 characters) */
                    variables?: {
                        [key: string]: unknown;
                    };
                    messages?: {
                        /** @enum {string} */
                        role: "system" | "user" | "assistant";
                        content: string;
                        name?: string;
                    }[];
                    /** @enum {string} */
                    role?: "generation" | "analysis" | "maintenance";
                    model?: string;
                    world_id?: string;
                    session_id?: string;
                    temperature?: number;
                    max_tokens?: number;
                    /** @description A JSON Schema (at most 32 levels deep and 64000 characters) */
                    json_schema?: {
                        [key: string]: unknown;
                    };
                    /** @default false */
                    stream?: boolean;
                };
            };
        };
        responses: {
            /** @description A generation, or with stream: true its events (start, delta…, done, then [DONE]; error after the first byte) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LlmGeneration"];
                    "text/event-stream": string;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWsLlmStream: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success (its body is not described yet) */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headWsLlmStream: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success (its body is not described yet) */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getLlmStatus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LlmStatus"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headLlmStatus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LlmStatus"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postLlmBatch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    items: {
                        prompt?: string;
                        version?: number;
                        /** @description Template variables (at most 32 levels deep and 256000 characters) */
                        variables?: {
                            [key: string]: unknown;
                        };
                        messages?: {
                            /** @enum {string} */
                            role: "system" | "user" | "assistant";
                            content: string;
                            name?: string;
                        }[];
                        /** @enum {string} */
                        role?: "generation" | "analysis" | "maintenance";
                        model?: string;
                        world_id?: string;
                        session_id?: string;
                        temperature?: number;
                        max_tokens?: number;
                        /** @description A JSON Schema (at most 32 levels deep and 64000 characters) */
                        json_schema?: {
                            [key: string]: unknown;
                        };
                    }[];
                    /** @description The batch's own data, given back (at most 8 levels deep and 16000 characters) */
                    metadata?: {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LlmBatch"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getLlmBatchId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LlmBatch"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headLlmBatchId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LlmBatch"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postV1ImagesGenerations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    prompt: string;
                    model?: string;
                    /** @default 1 */
                    n?: number;
                    /** @default 1024x1024 */
                    size?: string | "auto";
                    /** @enum {string} */
                    quality?: "standard" | "hd" | "low" | "medium" | "high" | "auto";
                    /** @enum {string} */
                    style?: "vivid" | "natural";
                    /**
                     * @default url
                     * @enum {string}
                     */
                    response_format?: "url" | "b64_json";
                    user?: string;
                    seed?: number;
                    negative_prompt?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImageList"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postContentImages: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    entity_id: string;
                    world_id?: string;
                    /** @enum {string} */
                    kind?: "portrait" | "heraldry" | "map";
                    theme_id?: string;
                    prompt?: string;
                    model?: string;
                    /** @default 512x512 */
                    size?: string;
                    /** @enum {string} */
                    quality?: "standard" | "hd" | "low" | "medium" | "high" | "auto";
                    /** @enum {string} */
                    style?: "vivid" | "natural";
                    negative_prompt?: string;
                    seed?: number;
                    source_image_id?: string;
                    strength?: number;
                    /** @default true */
                    async?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EntityImage"];
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContentJob"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getImagesId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success (its body is not described yet) */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headImagesId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success (its body is not described yet) */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postContentValidate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    type: "character" | "campaign" | "location" | "npc" | "quest" | "item" | "encounter";
                    /** @description The document to validate (at most 16 levels deep and 200000 characters) */
                    content: {
                        [key: string]: unknown;
                    };
                    theme_id?: string;
                    world_id?: string;
                    campaign_id?: string;
                    rules?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContentValidation"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postContentCharacter: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    world_id?: string;
                    campaign_id?: string;
                    theme_id?: string;
                    session_id?: string;
                    model?: string;
                    version?: number;
                    arm?: string;
                    save?: boolean;
                    stream?: boolean;
                    async?: boolean;
                    name?: string;
                    concept?: string;
                    species?: string;
                    class?: string;
                    level?: number;
                    /** @enum {string} */
                    ability_method?: "point_buy" | "standard_array" | "rolled";
                };
            };
        };
        responses: {
            /** @description The character, or with stream: true its events (status, delta…, content, then [DONE]; error instead of content on failure) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GeneratedCharacter"];
                    "text/event-stream": string;
                };
            };
            /** @description async: true: the job queued (see GET /jobs/{id}) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContentJob"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postContentCampaign: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    world_id?: string;
                    campaign_id?: string;
                    theme_id?: string;
                    session_id?: string;
                    model?: string;
                    version?: number;
                    arm?: string;
                    save?: boolean;
                    stream?: boolean;
                    async?: boolean;
                    name?: string;
                    concept?: string;
                    party_level?: number;
                };
            };
        };
        responses: {
            /** @description The campaign, or with stream: true its events (status, delta…, content, then [DONE]; error instead of content on failure) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GeneratedCampaign"];
                    "text/event-stream": string;
                };
            };
            /** @description async: true: the job queued (see GET /jobs/{id}) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContentJob"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postContentLocation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    world_id?: string;
                    campaign_id?: string;
                    theme_id?: string;
                    session_id?: string;
                    model?: string;
                    version?: number;
                    arm?: string;
                    save?: boolean;
                    stream?: boolean;
                    async?: boolean;
                    name?: string;
                    concept?: string;
                    kind?: string;
                };
            };
        };
        responses: {
            /** @description The location, or with stream: true its events (status, delta…, content, then [DONE]; error instead of content on failure) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GeneratedLocation"];
                    "text/event-stream": string;
                };
            };
            /** @description async: true: the job queued (see GET /jobs/{id}) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContentJob"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postContentNpc: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    world_id?: string;
                    campaign_id?: string;
                    theme_id?: string;
                    session_id?: string;
                    model?: string;
                    version?: number;
                    arm?: string;
                    save?: boolean;
                    stream?: boolean;
                    async?: boolean;
                    name?: string;
                    concept?: string;
                    species?: string;
                    occupation?: string;
                    location?: string;
                };
            };
        };
        responses: {
            /** @description The npc, or with stream: true its events (status, delta…, content, then [DONE]; error instead of content on failure) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GeneratedNpc"];
                    "text/event-stream": string;
                };
            };
            /** @description async: true: the job queued (see GET /jobs/{id}) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContentJob"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postContentQuest: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    world_id?: string;
                    campaign_id?: string;
                    theme_id?: string;
                    session_id?: string;
                    model?: string;
                    version?: number;
                    arm?: string;
                    save?: boolean;
                    stream?: boolean;
                    async?: boolean;
                    name?: string;
                    concept?: string;
                    giver?: string;
                    location?: string;
                    party_level?: number;
                };
            };
        };
        responses: {
            /** @description The quest, or with stream: true its events (status, delta…, content, then [DONE]; error instead of content on failure) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GeneratedQuest"];
                    "text/event-stream": string;
                };
            };
            /** @description async: true: the job queued (see GET /jobs/{id}) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContentJob"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postContentItem: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    world_id?: string;
                    campaign_id?: string;
                    theme_id?: string;
                    session_id?: string;
                    model?: string;
                    version?: number;
                    arm?: string;
                    save?: boolean;
                    stream?: boolean;
                    async?: boolean;
                    name?: string;
                    concept?: string;
                    kind?: string;
                    /** @enum {string} */
                    rarity?: "mundane" | "common" | "uncommon" | "rare" | "very rare" | "legendary" | "artifact";
                };
            };
        };
        responses: {
            /** @description The item, or with stream: true its events (status, delta…, content, then [DONE]; error instead of content on failure) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GeneratedItem"];
                    "text/event-stream": string;
                };
            };
            /** @description async: true: the job queued (see GET /jobs/{id}) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContentJob"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postContentEncounter: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    world_id?: string;
                    campaign_id?: string;
                    theme_id?: string;
                    session_id?: string;
                    model?: string;
                    version?: number;
                    arm?: string;
                    save?: boolean;
                    stream?: boolean;
                    async?: boolean;
                    name?: string;
                    concept?: string;
                    /** @enum {string} */
                    difficulty?: "easy" | "medium" | "hard" | "deadly";
                    party_level?: number;
                    location?: string;
                };
            };
        };
        responses: {
            /** @description The encounter, or with stream: true its events (status, delta…, content, then [DONE]; error instead of content on failure) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GeneratedEncounter"];
                    "text/event-stream": string;
                };
            };
            /** @description async: true: the job queued (see GET /jobs/{id}) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContentJob"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postContentType: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                type: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Not a content type */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getJobsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContentJob"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headJobsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContentJob"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getLlmEvents: {
        parameters: {
            query?: {
                /** @description Event types or patterns (llm.*), comma-separated or repeated; at most 50 */
                types?: string | string[];
                world_id?: string;
                session_id?: string;
                since?: string;
                direction?: "in" | "out";
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["Event"][];
                        has_more: boolean;
                        /** @description Pass as since to read on from here */
                        next_since: string | null;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postLlmEvents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    id?: string;
                    /**
                     * @default 1
                     * @enum {number}
                     */
                    version?: 1;
                    type: string;
                    /** Format: date-time */
                    time?: string;
                    /** @default null */
                    world_id?: string | null;
                    /** @default null */
                    session_id?: string | null;
                    /** @default game */
                    source?: string;
                    /** @default {} */
                    data?: {
                        [key: string]: unknown;
                    };
                } | {
                    events: {
                        id?: string;
                        /**
                         * @default 1
                         * @enum {number}
                         */
                        version?: 1;
                        type: string;
                        /** Format: date-time */
                        time?: string;
                        /** @default null */
                        world_id?: string | null;
                        /** @default null */
                        session_id?: string | null;
                        /** @default game */
                        source?: string;
                        /** @default {} */
                        data?: {
                            [key: string]: unknown;
                        };
                    }[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "event.outcome";
                        id: string;
                        type: string;
                        handled: boolean;
                        duplicate: boolean;
                        changes: ({
                            kind: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                        reason: string | null;
                        retryable?: boolean;
                    } | {
                        /** @enum {string} */
                        object: "list";
                        data: {
                            /** @enum {string} */
                            object: "event.outcome";
                            id: string;
                            type: string;
                            handled: boolean;
                            duplicate: boolean;
                            changes: ({
                                kind: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            reason: string | null;
                            retryable?: boolean;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headLlmEvents: {
        parameters: {
            query?: {
                /** @description Event types or patterns (llm.*), comma-separated or repeated; at most 50 */
                types?: string | string[];
                world_id?: string;
                session_id?: string;
                since?: string;
                direction?: "in" | "out";
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["Event"][];
                        has_more: boolean;
                        /** @description Pass as since to read on from here */
                        next_since: string | null;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWsLlmEvents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success (its body is not described yet) */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headWsLlmEvents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success (its body is not described yet) */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getThemes: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["Theme"][];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postThemes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    /** @default  */
                    description?: string;
                    /** @default  */
                    tone?: string;
                    /** @default [] */
                    vocabulary?: string[];
                    /** @default [] */
                    banned_words?: string[];
                    /** @default [] */
                    anachronisms?: string[];
                    /** @default [] */
                    style_examples?: string[];
                    /** @default null */
                    art_style?: string | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Theme"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headThemes: {
        parameters: {
            query?: {
                limit?: number;
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "list";
                        data: components["schemas"]["Theme"][];
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getThemesId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Theme"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteThemesId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    headThemesId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Theme"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    patchThemesId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    description?: string;
                    tone?: string;
                    vocabulary?: string[];
                    banned_words?: string[];
                    anachronisms?: string[];
                    style_examples?: string[];
                    art_style?: string | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Theme"];
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postThemesIdAttach: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    world_id?: string;
                    campaign_id?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "theme.attachment";
                        /** @enum {string} */
                        target: "world" | "campaign";
                        target_id: string;
                        world_id: string | null;
                        theme_id: string | null;
                        previous_theme_id: string | null;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    postThemesDetach: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    world_id?: string;
                    campaign_id?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        object: "theme.attachment";
                        /** @enum {string} */
                        target: "world" | "campaign";
                        target_id: string;
                        world_id: string | null;
                        theme_id: string | null;
                        previous_theme_id: string | null;
                    };
                };
            };
            /** @description Default Response */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            "5XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
