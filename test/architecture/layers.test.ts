/**
 * The map's layering (ARCHITECTURE.md, "The parts, and the one direction of flow"), checked on every
 * import of src/ so drift fails a test instead of waiting for a reader to notice:
 * - outside src/providers, the providers' package is reached only through its public index;
 * - src/vocabulary (the shared messages, options, results, stream events, token counting) imports
 *   nothing outside itself but the tokenizer (and a cache of its counts), and its vocabulary files hold types only;
 * - a lower layer never imports a higher one.
 * Imports are read with TypeScript's own scanner (static, `export … from`, `import()`, `typeof
 * import()`), so comments and strings that look like imports do not count.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/**
 * Each top-level folder of src/ by its height on the map; a module may import its own height or
 * lower. The middle layers (narrative/ … events/, conversations/ among them) are peers and use each
 * other.
 */
const HEIGHT: Record<string, number> = {
  vocabulary: 0,
  config: 1,
  store: 2,
  providers: 3,
  gateway: 4,
  narrative: 5,
  conversations: 5,
  content: 5,
  prompts: 5,
  memory: 5,
  jobs: 5,
  events: 5,
  api: 6,
  cli: 6,
  dashboard: 6,
  client: 6,
};

/** The only things src/vocabulary may import from outside itself: token counting's tokenizer and its cache. */
const VOCABULARY_PACKAGES = new Set(['gpt-tokenizer', 'lru-cache', 'node:module']);
/** The vocabulary's code (everything else in the folder is types only). */
const VOCABULARY_CODE = new Set(['vocabulary/tokens.ts', 'vocabulary/tokenizer.ts']);

/** Source files by their path below src/, posix separators. */
type Sources = Map<string, string>;

function readSources(dir: string, sources: Sources = new Map()): Sources {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) readSources(path, sources);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts'))
      sources.set(relative(SRC, path).split(sep).join('/'), readFileSync(path, 'utf8'));
  }
  return sources;
}

function layerOf(file: string): string {
  return file.includes('/') ? file.slice(0, file.indexOf('/')) : '';
}

/** A relative specifier's target below src/ (`.js` read as the `.ts` source), or null outside src/. */
function target(file: string, specifier: string): string | null {
  const path = posix.normalize(posix.join(posix.dirname(file), specifier)).replace(/\.js$/, '.ts');
  return path.startsWith('../') ? null : path;
}

/** A vocabulary file is types only: interfaces, type aliases and type-only imports and exports. */
function isTypesOnly(text: string): boolean {
  const source = ts.createSourceFile('vocabulary.ts', text, ts.ScriptTarget.Latest);
  return source.statements.every(
    (statement) =>
      ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) ||
      (ts.isImportDeclaration(statement) && statement.importClause?.isTypeOnly === true) ||
      (ts.isExportDeclaration(statement) && statement.isTypeOnly),
  );
}

/** Every breach of the layering, one line each (`file → specifier: rule`). */
function layeringViolations(sources: Sources): string[] {
  const violations: string[] = [];
  for (const [file, text] of sources) {
    const layer = layerOf(file);
    if (layer === 'vocabulary' && !VOCABULARY_CODE.has(file) && !isTypesOnly(text))
      violations.push(`${file}: the vocabulary holds types only (code goes beside it, like tokens.ts)`);
    for (const { fileName: specifier } of ts.preProcessFile(text, true, true).importedFiles) {
      const breach = (rule: string) => violations.push(`${file} → ${specifier}: ${rule}`);
      if (!specifier.startsWith('.')) {
        if (layer === 'vocabulary' && !VOCABULARY_PACKAGES.has(specifier))
          breach('src/vocabulary imports nothing outside itself');
        continue;
      }
      const to = target(file, specifier);
      if (to === null) continue;
      const toLayer = layerOf(to);
      if (layer === 'vocabulary' && toLayer !== 'vocabulary')
        breach('src/vocabulary imports nothing outside itself');
      if (layer !== 'providers' && toLayer === 'providers' && to !== 'providers/index.ts')
        breach("outside providers/, import the providers' public index (providers/index.js) only");
      const from = HEIGHT[layer];
      const toHeight = HEIGHT[toLayer];
      if (from !== undefined && toHeight !== undefined && toHeight > from)
        breach(`${layer}/ is below ${toLayer}/ on the map and never imports it`);
    }
  }
  return violations;
}

describe('the layering of src/', () => {
  const sources = readSources(SRC);

  it('reads the whole tree, every layer of the map', () => {
    expect(sources.size).toBeGreaterThan(100);
    const layers = new Set([...sources.keys()].map(layerOf));
    for (const layer of Object.keys(HEIGHT)) expect(layers, layer).toContain(layer);
  });

  it('has no import against the map', () => {
    expect(layeringViolations(sources)).toEqual([]);
  });

  it('names each kind of breach, so the check can fail', () => {
    const bad: Sources = new Map([
      ['api/routes/x.ts', "import type { Provider } from '../../providers/types.js';"],
      ['memory/x.ts', "import { offlineEmbed } from '../providers/offline/embedder.js';"],
      ['gateway/x.ts', "import { ProviderError } from '../providers/index.js';"],
      ['vocabulary/x.ts', "import type { Settings } from '../config/index.js';\nexport const n = 1;"],
      ['vocabulary/y.ts', "import type { z } from 'zod';\nexport type Y = number;"],
      ['store/x.ts', "export { createGateway } from '../gateway/index.js';"],
      ['config/x.ts', "const api = await import('../api/index.js');"],
      ['providers/x.ts', "import type { Embedder } from '../memory/index.js';"],
    ]);
    expect(layeringViolations(bad)).toEqual([
      "api/routes/x.ts → ../../providers/types.js: outside providers/, import the providers' public index (providers/index.js) only",
      "memory/x.ts → ../providers/offline/embedder.js: outside providers/, import the providers' public index (providers/index.js) only",
      'vocabulary/x.ts: the vocabulary holds types only (code goes beside it, like tokens.ts)',
      'vocabulary/x.ts → ../config/index.js: src/vocabulary imports nothing outside itself',
      'vocabulary/x.ts → ../config/index.js: vocabulary/ is below config/ on the map and never imports it',
      'vocabulary/y.ts → zod: src/vocabulary imports nothing outside itself',
      'store/x.ts → ../gateway/index.js: store/ is below gateway/ on the map and never imports it',
      'config/x.ts → ../api/index.js: config/ is below api/ on the map and never imports it',
      'providers/x.ts → ../memory/index.js: providers/ is below memory/ on the map and never imports it',
    ]);
  });
});
