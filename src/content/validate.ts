/**
 * Validation of one document: its schema, then quality, theme consistency and (characters and items)
 * the D&D 5e rules. Pure CPU apart from the theme's similarity, which embeds two texts.
 */
import type { z } from 'zod';
import { type Finding, jsonPath, report, type ValidationReport } from './findings.js';
import { checkQuality } from './quality.js';
import { validateCharacter } from './rules/character-rules.js';
import { validateItem } from './rules/item-rules.js';
import { CONTENT_SCHEMAS, type ContentType } from './schemas.js';
import type { Theme } from './theme.js';
import { checkTheme, type TextEmbedder } from './theme-check.js';

export interface ValidateOptions {
  theme?: Theme | null | undefined;
  embedder?: TextEmbedder | undefined;
  similarityThreshold?: number;
  /** The model stopped on its token limit. */
  truncated?: boolean;
  /** Check the D&D 5e rules (default true). */
  rules?: boolean;
}

export interface Validated<T = unknown> extends ValidationReport {
  /** The document as its schema reads it (defaults filled), or undefined when it does not parse. */
  content: T | undefined;
  similarity: number | null;
}

export const DEFAULT_SIMILARITY_THRESHOLD = 0.1;

export async function validateContent(
  type: ContentType,
  document: unknown,
  options: ValidateOptions = {},
): Promise<Validated> {
  const parsed = (CONTENT_SCHEMAS[type] as z.ZodType).safeParse(document);
  if (!parsed.success) {
    const findings: Finding[] = parsed.error.issues.slice(0, 20).map((issue) => ({
      path: jsonPath(issue.path.map((part) => (typeof part === 'number' ? part : String(part)))),
      severity: 'error',
      category: 'schema',
      code: 'schema',
      message: issue.message,
      hint: `give ${jsonPath(issue.path.map((part) => (typeof part === 'number' ? part : String(part))))} as the ${type} schema says`,
    }));
    findings.push(...checkQuality(document, { truncated: options.truncated ?? false }));
    return { ...report(findings), content: undefined, similarity: null };
  }
  const content = parsed.data;
  const findings = checkQuality(content, { truncated: options.truncated ?? false });
  if (options.rules !== false) {
    if (type === 'character') findings.push(...validateCharacter(content as never));
    if (type === 'item') findings.push(...validateItem(content as never));
  }
  let similarity: number | null = null;
  if (options.theme) {
    const checked = await checkTheme(content, options.theme, {
      embedder: options.embedder,
      similarityThreshold: options.similarityThreshold ?? DEFAULT_SIMILARITY_THRESHOLD,
    });
    findings.push(...checked.findings);
    similarity = checked.similarity;
  }
  return { ...report(findings), content, similarity };
}
