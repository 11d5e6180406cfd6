/**
 * The runnable examples of Loremaster's Markdown docs: every fenced block whose info string starts with
 * `bash`, `sh` or `ts`. A block that cannot run as written says so in its info string,
 * ```` ```bash no-run: why ```` , and the reason is required (an unexplained skip is an error).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export type ExampleLanguage = 'shell' | 'typescript';

export interface DocExample {
  /** The Markdown file, relative to the repository root. */
  file: string;
  /** The line of the opening fence (1-based). */
  line: number;
  language: ExampleLanguage;
  code: string;
  /** Why the block is not run, from `no-run: <reason>`; undefined when it runs. */
  noRun?: string;
}

const LANGUAGES: Record<string, ExampleLanguage> = { bash: 'shell', sh: 'shell', ts: 'typescript' };

/** The docs whose examples run: the README and every Markdown file in docs/. */
export function docFiles(root: string): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => join(root, 'docs', name));
  return [join(root, 'README.md'), ...docs];
}

export function extractExamples(root: string, path: string): DocExample[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const examples: DocExample[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = /^(`{3,}|~{3,})\s*(\S*)\s*(.*)$/.exec(lines[index] as string);
    if (!open) continue;
    const fence = open[1] as string;
    const start = index;
    const body: string[] = [];
    for (index++; index < lines.length && !(lines[index] as string).startsWith(fence); index++) {
      body.push(lines[index] as string);
    }
    const language = LANGUAGES[open[2] as string];
    if (!language) continue;
    const info = (open[3] as string).trim();
    const example: DocExample = {
      file: relative(root, path),
      line: start + 1,
      language,
      code: `${body.join('\n')}\n`,
    };
    if (info !== '') {
      const noRun = /^no-run:\s*(\S.*)$/.exec(info);
      if (!noRun) {
        throw new Error(
          `${example.file}:${example.line}: unknown info "${info}" (expected "no-run: <reason>")`,
        );
      }
      example.noRun = noRun[1] as string;
    }
    examples.push(example);
  }
  return examples;
}

/** The docs' examples name the default address; a test's server listens elsewhere. */
export function atAddress(code: string, host: string, port: number): string {
  return code.replace(/\b(?:127\.0\.0\.1|localhost):8080\b/g, `${host}:${port}`);
}

/** The shell variables a block assigns at the start of a line (`WORLD=$(…)`), to carry to the next. */
export function assignedVariables(code: string): string[] {
  const names = new Set<string>();
  for (const match of code.matchAll(/^\s*(?:export\s+)?([A-Z][A-Z0-9_]*)=/gm)) names.add(match[1] as string);
  return [...names];
}
