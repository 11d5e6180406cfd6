/**
 * Importing and exporting whole worlds: a file's format is detected (detect.ts), converted to a
 * Loremaster world file and imported in one go; a world is written back as SillyTavern files
 * (to-sillytavern.ts). Used by `POST /worlds/import`, `GET /worlds/{id}/export` and the CLI.
 */
import { checkWorldFile, type ImportProgress, importWorld } from '../world-file.js';
import type { WorldService } from '../worlds.js';
import {
  type DetectedFile,
  detectDocument,
  detectFile,
  type ImportFormat,
  UnsupportedFile,
} from './detect.js';
import { type Exported, type ExportFormat, exportWorld } from './to-sillytavern.js';

export { detectDocument, detectFile, IMPORT_FORMATS, type ImportFormat, UnsupportedFile } from './detect.js';
export { CONSTANT_TAG, DISABLED_TAG, LORE_TAG } from './from-sillytavern.js';
export { isPng, plainPicture, readCardChunks, writeCardChunks } from './png-text.js';
export { CannotExport, EXPORT_FORMATS, type Exported, type ExportFormat } from './to-sillytavern.js';

export interface ImportReport {
  worldId: string;
  format: ImportFormat;
  formatName: string;
  entities: number;
  warnings: string[];
}

/** A file read and checked, not yet imported: the CLI shows its format before the work starts. */
export function readImport(
  input: { bytes: Uint8Array; name?: string } | { document: unknown; name?: string },
): DetectedFile {
  const detected =
    'bytes' in input ? detectFile(input.bytes, input.name) : detectDocument(input.document, input.name);
  try {
    checkWorldFile(detected.file);
  } catch (error) {
    throw new UnsupportedFile((error as Error).message);
  }
  return detected;
}

export async function importDetected(
  worlds: WorldService,
  detected: DetectedFile,
  onProgress?: ImportProgress,
): Promise<ImportReport> {
  const imported = await importWorld(worlds, detected.file, onProgress);
  return {
    worldId: imported.worldId,
    format: detected.format,
    formatName: detected.formatName,
    entities: imported.entities,
    warnings: detected.warnings,
  };
}

/** Every entity of the world, canon or as a session sees it, in pages. */
async function allEntities(worlds: WorldService, worldId: string, sessionId?: string) {
  const out = [];
  for (let offset = 0; ; offset += 1_000) {
    const page = await worlds.entities(worldId, { limit: 1_000, offset, ...(sessionId && { sessionId }) });
    out.push(...page);
    if (page.length < 1_000) return out;
  }
}

export async function exportWorldFile(
  worlds: WorldService,
  worldId: string,
  format: ExportFormat,
  sessionId?: string,
): Promise<Exported & { filename: string }> {
  const world = await worlds.world(worldId);
  const entities = await allEntities(worlds, worldId, sessionId);
  const exported = exportWorld({ world, entities }, format);
  const stem = world.name.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'world';
  return { ...exported, filename: `${stem}.${format}.${exported.extension}` };
}
