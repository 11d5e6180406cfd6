/**
 * llama-server's GET /props, with only what Loremaster knows: the model the `generation` role points at
 * (`model_path`, as `provider/model`), its context window (`n_ctx`: see ../generation-model.ts) and
 * what /completion does when a request names no limit or temperature (the role's `max_tokens` and
 * `temperature`). One slot (id 0), as /completion reports `id_slot` 0; no chat template (the provider
 * applies its own: "" as llama-server says when it has none); no images or audio on /completion.
 */
import { createRequire } from 'node:module';
import type { GenerationModel } from '../generation-model.js';

const require = createRequire(import.meta.url);
const VERSION = (require('../../../package.json') as { version: string }).version;

export function propsOf(model: GenerationModel) {
  return {
    default_generation_settings: {
      id: 0,
      id_task: -1,
      n_ctx: model.contextTokens,
      speculative: false,
      is_processing: false,
      params: {
        n_predict: model.maxTokens,
        max_tokens: model.maxTokens,
        temperature: model.temperature,
        stop: [],
        stream: false,
      },
      prompt: '',
    },
    total_slots: 1,
    model_path: model.name,
    chat_template: '',
    modalities: { vision: false, audio: false },
    build_info: `loremaster-${VERSION}`,
  };
}
