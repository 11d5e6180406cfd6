/** The dashboard's pages, in the order of its menu (one file per page under pages/). */
import type { FunctionComponent } from 'preact';
import { Calls } from './pages/calls.tsx';
import { Content } from './pages/content.tsx';
import { Events } from './pages/events.tsx';
import { Maintenance } from './pages/maintenance.tsx';
import { Playground } from './pages/playground.tsx';
import { Prompts } from './pages/prompts.tsx';
import { Usage } from './pages/usage.tsx';
import { WorldBrowser } from './pages/world.tsx';

export const PAGES = {
  playground: { title: 'Playground', component: Playground },
  world: { title: 'World', component: WorldBrowser },
  maintenance: { title: 'Maintenance', component: Maintenance },
  usage: { title: 'Usage', component: Usage },
  calls: { title: 'Call log', component: Calls },
  prompts: { title: 'Prompts', component: Prompts },
  content: { title: 'Themes & content', component: Content },
  events: { title: 'Events', component: Events },
} satisfies Record<string, { title: string; component: FunctionComponent }>;

export type PageName = keyof typeof PAGES;
