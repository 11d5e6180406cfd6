/**
 * The vendor providers. Anthropic is the AI SDK's own provider package behind the shared adapter;
 * OpenAI, Mistral and OpenAI-compatible servers chat through the lean wire provider (the gateway's
 * hot path) and keep the SDK for embeddings and the probe. The `*SdkProvider` factories give the
 * all-SDK version of each. Base URLs come from config, so every one can point at a local server or a fake.
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createMistral } from '@ai-sdk/mistral';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { AiSdkProvider } from './ai-sdk-provider.js';
import { pooledFetch } from './http.js';
import { OpenAIWireProvider, type WireDialect } from './openai-wire.js';
import type { ProviderKind } from './types.js';

export interface VendorSettings {
  name: string;
  baseUrl: string;
  apiKey: string | undefined;
  models: readonly string[];
  defaultModel: string;
  defaultEmbeddingModel: string | undefined;
  timeoutMs: number;
}

function bearer(apiKey: string | undefined): Record<string, string> {
  return apiKey ? { authorization: `Bearer ${apiKey}` } : {};
}

function common(kind: ProviderKind, settings: VendorSettings) {
  return {
    name: settings.name,
    kind,
    defaultModel: settings.defaultModel,
    ...(settings.defaultEmbeddingModel !== undefined && {
      defaultEmbeddingModel: settings.defaultEmbeddingModel,
    }),
    models: settings.models,
    timeoutMs: settings.timeoutMs,
  };
}

/**
 * Chat on the lean wire provider (the hot path); embeddings and the connection probe through the SDK.
 */
function lean(kind: ProviderKind, dialect: WireDialect, settings: VendorSettings, sdk: AiSdkProvider) {
  return new OpenAIWireProvider({
    name: settings.name,
    kind,
    dialect,
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    defaultModel: settings.defaultModel,
    models: settings.models,
    timeoutMs: settings.timeoutMs,
    sdk,
  });
}

export function createOpenAIProvider(settings: VendorSettings): OpenAIWireProvider {
  return lean('openai', 'openai', settings, createOpenAISdkProvider(settings));
}

export function createMistralProvider(settings: VendorSettings): OpenAIWireProvider {
  return lean('mistral', 'mistral', settings, createMistralSdkProvider(settings));
}

/** llama.cpp server, Ollama, vLLM, LM Studio: anything that serves the OpenAI API under a base URL. */
export function createOpenAICompatibleProvider(settings: VendorSettings): OpenAIWireProvider {
  return lean(
    'openai-compatible',
    'openai-compatible',
    settings,
    createOpenAICompatibleSdkProvider(settings),
  );
}

/** OpenAI through the AI SDK (chat, embeddings, probe). */
export function createOpenAISdkProvider(settings: VendorSettings): AiSdkProvider {
  const sdk = createOpenAI({
    baseURL: settings.baseUrl,
    apiKey: settings.apiKey ?? '',
    name: settings.name,
    fetch: pooledFetch,
  });
  return new AiSdkProvider({
    ...common('openai', settings),
    // Chat Completions: the API every OpenAI-compatible client and server shares.
    languageModel: (id) => sdk.chat(id),
    embeddingModel: (id) => sdk.embedding(id),
    probe: (signal) =>
      pooledFetch(`${settings.baseUrl}/models`, { headers: bearer(settings.apiKey), signal }),
  });
}

export function createAnthropicProvider(settings: VendorSettings): AiSdkProvider {
  const sdk = createAnthropic({
    baseURL: settings.baseUrl,
    apiKey: settings.apiKey ?? '',
    fetch: pooledFetch,
  });
  return new AiSdkProvider({
    ...common('anthropic', settings),
    languageModel: (id) => sdk.messages(id),
    probe: (signal) =>
      pooledFetch(`${settings.baseUrl}/models`, {
        headers: { 'x-api-key': settings.apiKey ?? '', 'anthropic-version': '2023-06-01' },
        signal,
      }),
  });
}

/** Mistral through the AI SDK (chat, embeddings, probe). */
export function createMistralSdkProvider(settings: VendorSettings): AiSdkProvider {
  const sdk = createMistral({ baseURL: settings.baseUrl, apiKey: settings.apiKey ?? '', fetch: pooledFetch });
  return new AiSdkProvider({
    ...common('mistral', settings),
    languageModel: (id) => sdk.chat(id),
    embeddingModel: (id) => sdk.embedding(id),
    probe: (signal) =>
      pooledFetch(`${settings.baseUrl}/models`, { headers: bearer(settings.apiKey), signal }),
  });
}

/** An OpenAI-compatible server through the AI SDK (chat, embeddings, probe). */
export function createOpenAICompatibleSdkProvider(settings: VendorSettings): AiSdkProvider {
  const sdk = createOpenAICompatible({
    name: settings.name,
    baseURL: settings.baseUrl,
    ...(settings.apiKey !== undefined && { apiKey: settings.apiKey }),
    includeUsage: true,
    fetch: pooledFetch,
  });
  return new AiSdkProvider({
    ...common('openai-compatible', settings),
    languageModel: (id) => sdk.chatModel(id),
    embeddingModel: (id) => sdk.embeddingModel(id),
    probe: (signal) =>
      pooledFetch(`${settings.baseUrl}/models`, { headers: bearer(settings.apiKey), signal }),
  });
}
