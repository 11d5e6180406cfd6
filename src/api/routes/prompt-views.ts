/** How prompts and their versions look over HTTP. */
import { bodyOf } from '../../prompts/index.js';
import type { Prompt, PromptVersion } from '../../store/repositories/prompts.js';

export function promptView(prompt: Prompt) {
  return {
    object: 'prompt' as const,
    id: prompt.id,
    name: prompt.name,
    description: prompt.description,
    active_version: prompt.activeVersion,
    created_at: prompt.createdAt,
    updated_at: prompt.updatedAt,
  };
}

export function versionView(version: PromptVersion, prompt: Prompt) {
  const body = bodyOf(version);
  return {
    version: version.version,
    active: version.version === prompt.activeVersion,
    created_by: version.createdBy,
    created_at: version.createdAt,
    role: body.role,
    output: body.output,
    variants: Object.keys(body.variants ?? {}),
    environments: Object.keys(body.environments ?? {}),
    ab: (body.ab ?? []).map((arm) => ({ name: arm.name, weight: arm.weight })),
    definition: body,
  };
}
