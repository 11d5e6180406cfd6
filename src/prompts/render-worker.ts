/**
 * A render thread: renders the templates the main thread sends with its own TemplateEngine (its own
 * parsed-template cache), answering with the texts or the TemplateError's code and message. The main
 * thread ends this thread when a render passes its deadline, so a template that loops inside a filter
 * stalls this thread only, never the server.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type EngineLimits, TemplateEngine, TemplateError } from './engine.js';

export type RenderRequest = { id: number; sources: string[]; variables: Record<string, unknown> };
export type RenderReply =
  | { id: number; ok: true; texts: string[] }
  | { id: number; ok: false; code: TemplateError['code']; message: string }
  | { ready: true };

const port = parentPort;
if (!port) throw new Error('render-worker runs as a worker thread');
const engine = new TemplateEngine(workerData as EngineLimits);

port.on('message', ({ id, sources, variables }: RenderRequest) => {
  try {
    const texts = sources.map((source) => engine.renderSync(source, variables));
    port.postMessage({ id, ok: true, texts } satisfies RenderReply);
  } catch (error) {
    const failure =
      error instanceof TemplateError
        ? { code: error.code, message: error.message }
        : { code: 'template_render' as const, message: `template render error: ${String(error)}` };
    port.postMessage({ id, ok: false, ...failure } satisfies RenderReply);
  }
});
// Warmed before it says it is ready: a first render on a cold engine (nothing compiled by V8 yet) must
// not be the one that meets the deadline on a busy machine.
const WARM_UP =
  '{% assign n = 0 %}{% capture c %}{{ a | upcase }}{% endcapture %}{% for x in list %}{% if x.t %}{{ x.t | strip | truncate: 20 }}{% else %}{{ x | join: ", " | default: "-" }}{% endif %}{% assign n = n | plus: 1 %}{% endfor %}{{ c }}{{ n }}';
try {
  for (let round = 0; round < 20; round += 1)
    engine.renderSync(WARM_UP, { a: 'warm', list: [{ t: ' up ' }, ['a', 'b'], { t: null }] });
} catch {
  // A warm-up stopped by the time limit on a very busy machine: the thread is ready all the same.
}
port.postMessage({ ready: true } satisfies RenderReply);
