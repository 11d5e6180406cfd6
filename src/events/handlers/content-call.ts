/** Calls one of the content service's handlers; its refusals (bad data, unknown theme) become a reason. */
import { ContentError } from '../../content/errors.js';
import { NarrativeError } from '../../narrative/errors.js';
import { type ContentEventHandlers, type HandlerResult, type InboundContext, skipped } from './types.js';

export async function viaContent(
  context: InboundContext,
  name: keyof ContentEventHandlers,
  action: string,
): Promise<HandlerResult> {
  const content = context.deps.content;
  if (!content) return skipped('the content service is not running in this server');
  try {
    const result = await content[name]({
      world_id: context.world?.id ?? context.event.world_id,
      session_id: context.session?.id ?? context.event.session_id,
      data: context.event.data,
    });
    return { handled: true, changes: [{ kind: 'content', action, result }] };
  } catch (error) {
    // The content service said no (a 4xx of its own): recorded as the reason, not a server error.
    if ((error instanceof ContentError || error instanceof NarrativeError) && error.statusCode < 500)
      return skipped(error.param ? `${error.param}: ${error.message}` : error.message);
    throw error;
  }
}
