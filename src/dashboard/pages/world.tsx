/**
 * World browser: a world's entities (canon, or as one session sees them), each with its versions and a
 * diff between any two, its connections as a graph, what a character knows in a session, canon beside
 * the session's view, and the world's search with each result's scores and reasons.
 */
import { diffLines } from 'diff';
import { useState } from 'preact/hooks';
import type { components } from '../../client/schema.ts';
import { api, get } from '../api.ts';
import { ErrorBox, Section, time, useApi } from '../ui.tsx';
import { useWorldSession, WorldSessionPicker } from '../world-session-picker.tsx';

type Entity = components['schemas']['Entity'];
type EntityVersion = components['schemas']['EntityVersion'];
type Knowledge = components['schemas']['EntityKnowledge'];

export function WorldBrowser() {
  const picker = useWorldSession();
  const { worldId, sessionId } = picker;
  const [selected, setSelected] = useState('');
  const view = sessionId ? `?session_id=${sessionId}` : '';
  const entities = useApi(
    (signal) =>
      worldId
        ? get<{ data: Entity[] }>(
            `/worlds/${worldId}/entities?limit=1000${sessionId ? `&session_id=${sessionId}` : ''}`,
            signal,
          )
        : undefined,
    [worldId, sessionId],
  );
  const list = entities.data?.data ?? [];
  const entity = list.find((candidate) => candidate.id === selected);

  return (
    <>
      <Section title="World">
        <ErrorBox error={picker.worlds.error ?? picker.sessions.error} />
        <WorldSessionPicker
          state={picker}
          sessionSelect={{ id: 'view', label: 'View' }}
          noSession="canon"
          describeWorld={(world) => `${world.name} (${world.entity_count} entities)`}
          describeSession={(session) =>
            `session of ${session.player ?? '?'} · ${session.turn_count} turns · ${time(session.updated_at)}`
          }
          onWorldChange={() => setSelected('')}
        />
      </Section>
      {worldId && <Search worldId={worldId} sessionId={sessionId} onPick={setSelected} />}
      <div class="columns">
        <Section title={`Entities${sessionId ? ' as this session sees them' : ' (canon)'}`}>
          <ErrorBox error={entities.error} />
          <EntityTable entities={list} selected={selected} onPick={setSelected} />
        </Section>
        {entity && worldId && (
          <EntityDetail
            key={`${entity.id}${view}`}
            worldId={worldId}
            sessionId={sessionId}
            entity={entity}
            all={list}
            onPick={setSelected}
          />
        )}
      </div>
    </>
  );
}

function EntityTable(props: { entities: Entity[]; selected: string; onPick: (id: string) => void }) {
  const [filter, setFilter] = useState('');
  const words = filter.toLowerCase();
  const shown = props.entities.filter(
    (entity) =>
      !words || `${entity.name} ${entity.type} ${entity.tags.join(' ')}`.toLowerCase().includes(words),
  );
  return (
    <>
      <input
        id="entity-filter"
        placeholder="Filter by name, type or tag"
        value={filter}
        onInput={(event) => setFilter(event.currentTarget.value)}
      />
      <table id="entities">
        <thead>
          <tr>
            <th>Name</th>
            <th>Type</th>
            <th>Version</th>
            <th>Scope</th>
            <th>Changed by</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((entity) => (
            <tr key={entity.id} class={entity.id === props.selected ? 'selected' : ''}>
              <td>
                <button type="button" class="link" onClick={() => props.onPick(entity.id)}>
                  {entity.name}
                </button>
              </td>
              <td>{entity.type}</td>
              <td>{entity.version}</td>
              <td>{entity.scope}</td>
              <td>{entity.changed_by}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function EntityDetail(props: {
  worldId: string;
  sessionId: string;
  entity: Entity;
  all: Entity[];
  onPick: (id: string) => void;
}) {
  const { entity, worldId, sessionId } = props;
  return (
    <Section title={`${entity.name} (${entity.type})`}>
      <p>{entity.description}</p>
      {entity.note && (
        <p>
          <b>Note:</b> {entity.note}
        </p>
      )}
      <p class="muted">
        {entity.aliases.length > 0 && `Also: ${entity.aliases.join(', ')} · `}
        {entity.tags.length > 0 && `Tags: ${entity.tags.join(', ')} · `}
        {Object.entries(entity.attributes)
          .map(([name, value]) => `${name}: ${String(value)}`)
          .join(' · ')}
      </p>
      <h3>Connections</h3>
      <Graph entity={entity} all={props.all} onPick={props.onPick} />
      <Versions worldId={worldId} entityId={entity.id} />
      {sessionId && entity.scope === 'session' && <CanonVsSession worldId={worldId} entity={entity} />}
      {sessionId && entity.type === 'character' && (
        <KnowledgeList worldId={worldId} entityId={entity.id} sessionId={sessionId} />
      )}
    </Section>
  );
}

/** The fields a version holds, in a stable order, as text a line diff can compare. */
function versionText(data: Record<string, unknown>): string {
  const ordered: Record<string, unknown> = {};
  for (const key of Object.keys(data).sort()) ordered[key] = data[key];
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

function Diff({ before, after }: { before: string; after: string }) {
  const parts = diffLines(before, after);
  const changed = parts.some((part) => part.added || part.removed);
  return (
    <div class="diff">
      {!changed && <p class="muted">No difference.</p>}
      {parts.map((part, index) => (
        <span key={index} class={part.added ? 'added' : part.removed ? 'removed' : 'same'}>
          {part.value}
        </span>
      ))}
    </div>
  );
}

function Versions({ worldId, entityId }: { worldId: string; entityId: string }) {
  const versions = useApi(
    (signal) => get<{ data: EntityVersion[] }>(`/worlds/${worldId}/entities/${entityId}/versions`, signal),
    [worldId, entityId],
  );
  const list = versions.data?.data ?? [];
  const label = (version: EntityVersion) =>
    `${version.scope === 'canon' ? 'canon' : 'session'} v${version.version}`;
  const [from, setFrom] = useState(0);
  const [to, setTo] = useState(-1);
  const last = list.length - 1;
  const a = list[from];
  const b = list[to < 0 ? last : to];
  return (
    <div id="versions">
      <h3>Versions</h3>
      <ErrorBox error={versions.error} />
      <table>
        <thead>
          <tr>
            <th>Version</th>
            <th>When</th>
            <th>By</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {list.map((version) => (
            <tr key={`${version.scope}${version.session_id}${version.version}`}>
              <td>{label(version)}</td>
              <td>{time(version.created_at)}</td>
              <td>{version.changed_by}</td>
              <td>{version.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.length > 1 && a && b && (
        <>
          <div class="row">
            Diff from{' '}
            <select
              id="diff-from"
              value={from}
              onChange={(event) => setFrom(Number(event.currentTarget.value))}
            >
              {list.map((version, index) => (
                <option key={label(version) + index} value={index}>
                  {label(version)}
                </option>
              ))}
            </select>{' '}
            to{' '}
            <select
              id="diff-to"
              value={to < 0 ? last : to}
              onChange={(event) => setTo(Number(event.currentTarget.value))}
            >
              {list.map((version, index) => (
                <option key={label(version) + index} value={index}>
                  {label(version)}
                </option>
              ))}
            </select>
          </div>
          <Diff before={versionText(a.data)} after={versionText(b.data)} />
        </>
      )}
    </div>
  );
}

const SHOWN_FIELDS = ['name', 'description', 'note', 'aliases', 'tags', 'connections', 'attributes'] as const;

function fieldsOf(entity: Entity): Record<string, unknown> {
  return Object.fromEntries(SHOWN_FIELDS.map((field) => [field, entity[field]]));
}

function CanonVsSession({ worldId, entity }: { worldId: string; entity: Entity }) {
  const canon = useApi(
    (signal) => get<Entity>(`/worlds/${worldId}/entities/${entity.id}`, signal),
    [worldId, entity.id],
  );
  return (
    <div id="canon-vs-session">
      <h3>Canon → this session's view</h3>
      {canon.error ? (
        <p class="muted">No canon version: this session made the entity.</p>
      ) : (
        canon.data && (
          <Diff before={versionText(fieldsOf(canon.data))} after={versionText(fieldsOf(entity))} />
        )
      )}
    </div>
  );
}

function KnowledgeList(props: { worldId: string; entityId: string; sessionId: string }) {
  const knowledge = useApi(
    (signal) =>
      get<Knowledge>(
        `/worlds/${props.worldId}/entities/${props.entityId}/knowledge?session_id=${props.sessionId}`,
        signal,
      ),
    [props.worldId, props.entityId, props.sessionId],
  );
  const facts = knowledge.data?.data ?? [];
  return (
    <div id="knowledge">
      <h3>What {knowledge.data?.entity.name ?? 'this character'} knows in this session</h3>
      <ErrorBox error={knowledge.error} />
      {knowledge.data && facts.length === 0 && <p class="muted">Nothing learned in this session yet.</p>}
      <ul>
        {facts.map((fact) => (
          <li key={`${fact.about.id}${fact.learned_at}${fact.fact}`}>
            <b>{fact.about.name}</b>: {fact.fact} <span class="muted">({fact.how})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface Edge {
  id: string | null;
  name: string;
  relation: string;
  outgoing: boolean;
}

/** The entity in the middle, what it is connected to around it (its own connections and others' to it). */
function Graph({ entity, all, onPick }: { entity: Entity; all: Entity[]; onPick: (id: string) => void }) {
  const edges: Edge[] = [
    ...entity.connections.map((link) => ({
      id: link.entity_id,
      name: link.name,
      relation: link.relation,
      outgoing: true,
    })),
    ...all.flatMap((other) =>
      other.id === entity.id
        ? []
        : other.connections
            .filter((link) => link.entity_id === entity.id)
            .map((link) => ({ id: other.id, name: other.name, relation: link.relation, outgoing: false })),
    ),
  ];
  const size = 420;
  const middle = size / 2;
  const radius = 150;
  return (
    <div id="graph">
      {edges.length === 0 ? (
        <p class="muted">No connections.</p>
      ) : (
        <svg class="graph" viewBox={`0 0 ${size} ${size}`} width={size} height={size}>
          <title>Connections of {entity.name}</title>
          {edges.map((edge, index) => {
            const angle = (2 * Math.PI * index) / edges.length - Math.PI / 2;
            const x = middle + radius * Math.cos(angle);
            const y = middle + radius * Math.sin(angle);
            return (
              <g key={`${edge.id}${edge.relation}${edge.outgoing}`}>
                <line
                  x1={middle}
                  y1={middle}
                  x2={x}
                  y2={y}
                  stroke-dasharray={edge.outgoing ? undefined : '4 3'}
                />
                <text x={(middle + x) / 2} y={(middle + y) / 2} text-anchor="middle" class="muted">
                  {edge.outgoing ? `${edge.relation} →` : `← ${edge.relation}`}
                </text>
                <circle cx={x} cy={y} r={6} fill={edge.id ? 'var(--accent)' : 'var(--muted)'} />
                <text x={x} y={y + 18} text-anchor="middle">
                  {edge.name}
                </text>
              </g>
            );
          })}
          <circle cx={middle} cy={middle} r={10} fill="var(--accent)" />
          <text x={middle} y={middle - 16} text-anchor="middle" font-weight="bold">
            {entity.name}
          </text>
        </svg>
      )}
      <div class="row">
        {edges
          .filter((edge) => edge.id)
          .map((edge) => (
            <button
              key={`${edge.id}${edge.relation}${edge.outgoing}`}
              type="button"
              onClick={() => onPick(edge.id!)}
            >
              {edge.name}
            </button>
          ))}
      </div>
    </div>
  );
}

interface SearchHit {
  id: string;
  title: string;
  kind: string;
  source: string;
  text: string;
  found_by: string;
  reasons: string[];
  scores: Record<string, number | null>;
}

function Search(props: { worldId: string; sessionId: string; onPick: (id: string) => void }) {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const search = async (event: Event) => {
    event.preventDefault();
    if (!query.trim()) return;
    setError(undefined);
    try {
      const found = await api<{ data: SearchHit[] }>('POST', `/worlds/${props.worldId}/search`, {
        q: query.trim(),
        k: 10,
        ...(props.sessionId && { filters: { session_id: props.sessionId } }),
      });
      setHits(found.data);
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <Section title="Search">
      <form class="row" onSubmit={search}>
        <input
          id="search-input"
          class="grow"
          placeholder="Who keeps the sealing key?"
          value={query}
          onInput={(event) => setQuery(event.currentTarget.value)}
        />
        <button type="submit">Search</button>
      </form>
      <ErrorBox error={error} />
      {hits && (
        <table id="search-results">
          <thead>
            <tr>
              <th>Result</th>
              <th>Kind</th>
              <th>Score</th>
              <th>Found by</th>
              <th>Why</th>
            </tr>
          </thead>
          <tbody>
            {hits.map((hit) => (
              <tr key={hit.id}>
                <td>
                  {hit.id.startsWith('ent_') ? (
                    <button type="button" class="link" onClick={() => props.onPick(hit.id)}>
                      {hit.title}
                    </button>
                  ) : (
                    hit.title
                  )}
                </td>
                <td>{hit.kind}</td>
                <td>{hit.scores.final?.toFixed(3)}</td>
                <td>{hit.found_by}</td>
                <td>{hit.reasons.join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
