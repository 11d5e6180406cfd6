/**
 * The economy:
 * - `item.transferred`: the item's entity gets its new owner (attribute and `owned by` connection).
 * - `economy.price_changed`: the good's entity gets its new price; a price shock (a change of at least
 *   `settings.events.price_shock` of the old price, default 25%) brings the merchants' notes up to date
 *   in the background when the world asks (`settings.events.merchant_notes`). Merchants are the
 *   world's characters tagged `merchant` (or with an `occupation` or `role` naming a trade).
 */
import { z } from 'zod';
import { changeEntity, readData, taskChange, worldWants } from './support.js';
import { type Change, type EventHandler, type NewTask, skipped } from './types.js';

const ref = z.string().trim().min(1).max(200);
/** Merchants told of one price shock, at most. */
const MAX_MERCHANTS = 20;
const TRADE = /merchant|trader|shopkeeper|vendor|smith|innkeeper|peddler/i;

const transferSchema = z
  .object({
    item: ref,
    from: ref.optional(),
    to: ref,
    quantity: z.number().int().min(1).max(1_000_000).optional(),
    price: z.number().min(0).optional(),
  })
  .strict();

export const itemTransferred: EventHandler = async (context) => {
  const read = readData(transferSchema, context);
  if ('reason' in read) return skipped(read.reason);
  const data = read.data;
  if (!context.world) return skipped('world_id (or a session in a world) is required for an item');
  const owner = { to: data.to, relation: 'owned by' };
  const changed = await changeEntity(context, {
    ref: data.item,
    create: () => ({
      type: 'item',
      name: data.item,
      aliases: [],
      tags: [],
      description: '',
      note: '',
      connections: [owner],
      attributes: {
        owner: data.to,
        ...(data.from && { previous_owner: data.from }),
        ...(data.quantity && { quantity: data.quantity }),
        ...(data.price !== undefined && { last_price: data.price }),
      },
    }),
    patch: (before) => ({
      attributes: {
        ...before.attributes,
        owner: data.to,
        ...(data.from && { previous_owner: data.from }),
        ...(data.quantity && { quantity: data.quantity }),
        ...(data.price !== undefined && { last_price: data.price }),
      },
      connections: [
        ...before.connections
          .filter((connection) => connection.relation !== 'owned by')
          .map((connection) => ({
            to: connection.entityId ?? connection.name,
            relation: connection.relation,
          })),
        owner,
      ],
    }),
  });
  return { handled: true, changes: changed ? [changed.change] : [] };
};

const priceSchema = z
  .object({
    item: ref,
    price: z.number().min(0),
    previous_price: z.number().min(0).optional(),
    currency: z.string().trim().min(1).max(20).optional(),
    market: ref.optional(),
    reason: z.string().trim().max(1_000).optional(),
  })
  .strict();

export const priceChanged: EventHandler = async (context) => {
  const read = readData(priceSchema, context);
  if ('reason' in read) return skipped(read.reason);
  const data = read.data;
  const world = context.world;
  if (!world) return skipped('world_id (or a session in a world) is required for a price');
  const threshold = priceShock(world.settings.events);
  let previous = data.previous_price;
  const merchants = worldWants(context, 'merchant_notes')
    ? (
        await context.deps.worlds.entities(world.id, {
          type: 'character',
          ...(context.overlay && { sessionId: context.overlay }),
        })
      )
        .filter(
          (entity) =>
            entity.data.tags.includes('merchant') ||
            TRADE.test(String(entity.data.attributes.occupation ?? entity.data.attributes.role ?? '')),
        )
        .slice(0, MAX_MERCHANTS)
    : [];
  const price = `${data.price}${data.currency ? ` ${data.currency}` : ''}`;
  let shock = false;
  const changed = await changeEntity(context, {
    ref: data.item,
    create: () => ({
      type: 'item',
      name: data.item,
      aliases: [],
      tags: [],
      description: '',
      note: '',
      connections: [],
      attributes: { price: data.price, ...(data.currency && { currency: data.currency }) },
    }),
    patch: (before) => {
      if (previous === undefined && typeof before.attributes.price === 'number')
        previous = before.attributes.price;
      return {
        attributes: {
          ...before.attributes,
          price: data.price,
          ...(previous !== undefined && { previous_price: previous }),
          ...(data.currency && { currency: data.currency }),
        },
      };
    },
    tasks: (view): NewTask[] => {
      shock =
        previous !== undefined && previous > 0 && Math.abs(data.price - previous) / previous >= threshold;
      if (!shock) return [];
      const change = `The price of ${view.name} went from ${previous} to ${price}${data.market ? ` at ${data.market}` : ''}${data.reason ? ` (${data.reason})` : ''}.`;
      return merchants.map((merchant) => ({
        type: 'UPDATE_NOTE',
        data: {
          entityId: merchant.id,
          newInformation: change,
          updateType: 'economy',
          reasoning: `a price shock (event ${context.event.id})`,
          source: 'api',
        },
        worldId: world.id,
        sessionId: context.session?.id ?? null,
      }));
    },
  });
  const changes: Change[] = [];
  if (changed) {
    changes.push(changed.change);
    for (const [index, task] of changed.tasks.entries())
      changes.push(taskChange(task, `note of ${merchants[index]?.name ?? 'a merchant'}`));
  }
  const result = { handled: true, changes };
  if (shock && merchants.length === 0 && worldWants(context, 'merchant_notes'))
    return { ...result, reason: 'a price shock, but the world has no merchants to tell' };
  return result;
};

function priceShock(events: unknown): number {
  const value = (events as { price_shock?: unknown } | undefined)?.price_shock;
  return typeof value === 'number' && value > 0 ? value : 0.25;
}
