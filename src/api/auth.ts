/**
 * API keys and scopes. Keys come from `LOREMASTER_API_KEYS` (`key:scope`, comma-separated; a key
 * without a scope is `admin`) and from the store (`loremaster keys create`). With no key anywhere the
 * API is open (the server then listens on loopback only, see server.ts). Otherwise every route but the
 * `public` ones needs `Authorization: Bearer <key>` (or `x-api-key`) of a scope that allows the route;
 * a WebSocket upgrade may carry it as a subprotocol or a query parameter (browsers, websocket-auth.ts).
 *
 * Keys are looked up by their SHA-256 digest in a map held in memory: one digest and one map read per
 * request (this runs before every chat completion). Stored keys are reloaded every few seconds, so a
 * key created or revoked by the CLI (another process) takes effect without a restart; an unknown key
 * also triggers a reload, at most once a second.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKeyGrant } from '../config/index.js';
import type { ApiKeyRepository, StoredApiKey } from '../store/index.js';
import { ApiError } from './errors.js';
import { isKeyScope, type KeyScope, scopeAllows } from './scopes.js';
import { browserSocketKey, isWebSocketUpgrade, removeQueryKey } from './websocket-auth.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Which API key the client used: the first 16 hex digits of its SHA-256 (never the key). */
    apiKeyId: string | undefined;
    /** The scope of that key; undefined when the API is open (no keys configured). */
    apiKeyScope: KeyScope | undefined;
  }
}

/** A key the server accepts, by the hex SHA-256 of the key. */
export interface KnownKey {
  /** The id limits, budgets and analytics know the key by (16 hex digits of its digest). */
  id: string;
  scope: KeyScope;
  /** The stored key's row id (keys from the environment have none). */
  storedId?: string;
  limits?: StoredApiKey['limits'];
  budget?: StoredApiKey['budget'];
}

/** How often stored keys are reloaded (a revoked key stops working within this time). */
const RELOAD_MS = 5_000;
/** An unknown key reloads stored keys at most this often (wrong keys must not hammer the store). */
const RELOAD_ON_MISS_MS = 1_000;

function digestHex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** The id of an API key as limits, budgets and analytics name it. */
export function apiKeyIdOf(key: string): string {
  return digestHex(key).slice(0, 16);
}

/** The keys the server accepts: from the environment, and from the store when there is one. */
export class KeyRing {
  private readonly fromEnv = new Map<string, KnownKey>();
  private stored = new Map<string, KnownKey>();
  private lastReload = 0;
  private reloading: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Stored keys used since the last reload (their last use is written then, not per request). */
  private readonly used = new Set<string>();
  /** Called with each reload's keys (per-key limits and budgets follow the store). */
  onKeys: ((keys: KnownKey[]) => void) | undefined;

  constructor(
    grants: readonly ApiKeyGrant[],
    private readonly repository?: ApiKeyRepository,
  ) {
    for (const grant of grants) {
      const hash = digestHex(grant.key);
      this.fromEnv.set(hash, { id: hash.slice(0, 16), scope: grant.scope });
    }
  }

  /** Is any key configured? Without one the API is open. */
  get active(): boolean {
    return this.fromEnv.size > 0 || this.stored.size > 0;
  }

  /** Loads the stored keys, then keeps them current until `close`. */
  async start(): Promise<void> {
    if (!this.repository) return;
    await this.reload();
    this.timer = setInterval(() => void this.reload().catch(() => {}), RELOAD_MS);
    this.timer.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.reloading?.catch(() => {});
    await this.flushUsed().catch(() => {});
  }

  /** The key for a presented secret, as currently loaded (no I/O: this runs on every request). */
  lookup(key: string): KnownKey | undefined {
    const hash = digestHex(key);
    const known = this.fromEnv.get(hash) ?? this.stored.get(hash);
    if (known?.storedId) this.used.add(known.storedId);
    return known;
  }

  /** An unknown key may be new: reloads the stored keys (at most once a second), then looks again. */
  async lookupAfterReload(key: string): Promise<KnownKey | undefined> {
    if (!this.repository || Date.now() - this.lastReload < RELOAD_ON_MISS_MS) return undefined;
    await this.reload().catch(() => {});
    return this.lookup(key);
  }

  reload(): Promise<void> {
    this.reloading ??= this.load().finally(() => {
      this.reloading = undefined;
    });
    return this.reloading;
  }

  private async load(): Promise<void> {
    const repository = this.repository!;
    this.lastReload = Date.now();
    const next = new Map<string, KnownKey>();
    for (const stored of await repository.active()) {
      const scope = stored.scopes.find(isKeyScope) ?? 'admin';
      next.set(stored.keyHash, {
        id: stored.keyHash.slice(0, 16),
        scope,
        storedId: stored.id,
        ...(stored.limits && { limits: stored.limits }),
        ...(stored.budget && { budget: stored.budget }),
      });
    }
    this.stored = next;
    this.onKeys?.([...next.values()]);
    await this.flushUsed();
  }

  private async flushUsed(): Promise<void> {
    if (!this.repository || this.used.size === 0) return;
    const ids = [...this.used];
    this.used.clear();
    await this.repository.touch(ids);
  }
}

/**
 * The secret a request presents: `Authorization: Bearer <key>`, or `x-api-key` (Anthropic's SDKs).
 * A WebSocket upgrade may also carry it the two ways a browser can (its `new WebSocket()` sets no
 * headers): the subprotocol `bearer.<key>` (see websocket-auth.ts), or the query parameter `api_key`.
 */
function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || undefined;
  const alternative = request.headers['x-api-key'];
  if (typeof alternative === 'string') return alternative.trim() || undefined;
  return isWebSocketUpgrade(request) ? browserSocketKey(request) : undefined;
}

function refuse(request: FastifyRequest, reply: FastifyReply, error: ApiError): FastifyReply {
  if (error.status === 401) reply.header('www-authenticate', 'Bearer');
  return reply.code(error.status).send(error.bodyFor(request.url));
}

export function registerAuth(app: FastifyInstance, keys: KeyRing): void {
  app.decorateRequest('apiKeyId', undefined);
  app.decorateRequest('apiKeyScope', undefined);
  // A callback hook, not an async one: a known key costs one digest and one map read, no promise.
  app.addHook('onRequest', (request, reply, done) => {
    // A route not found has no scope: it still needs a key, so the API's shape is not shown to strangers.
    const scope = request.routeOptions.config.scope;
    // `?api_key=` is the key's, not the route's: its query schema never sees it (nor refuses it).
    const key = presentedKey(request);
    if (isWebSocketUpgrade(request)) removeQueryKey(request);
    if (scope === 'public' || !keys.active) return done();
    const known = key === undefined ? undefined : keys.lookup(key);
    if (known || key === undefined) return admit(request, reply, known, done, key);
    keys.lookupAfterReload(key).then(
      (found) => admit(request, reply, found, done, key),
      (error: unknown) => done(error as Error),
    );
  });
}

function admit(
  request: FastifyRequest,
  reply: FastifyReply,
  known: KnownKey | undefined,
  done: (error?: Error) => void,
  presented?: string,
): void {
  if (!known) {
    const message = presented
      ? 'Invalid API key'
      : 'Missing API key: send Authorization: Bearer <key> (or x-api-key: <key>)';
    refuse(request, reply, new ApiError(401, message, { code: 'invalid_api_key' }));
    return;
  }
  request.apiKeyId = known.id;
  request.apiKeyScope = known.scope;
  const scope = request.routeOptions.config.scope;
  if (scope !== undefined && !scopeAllows(known.scope, scope)) {
    const error = new ApiError(
      403,
      `This API key has scope "${known.scope}"; ${request.method} ${request.routeOptions.url} needs scope "${scope}"`,
      { type: 'permission_error', code: 'insufficient_scope' },
    );
    refuse(request, reply, error);
    return;
  }
  done();
}
