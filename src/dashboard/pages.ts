/** The dashboard's pages, in the order of its menu (one file per page under pages/). */
import type { FunctionComponent } from 'preact';
import { Maintenance } from './pages/maintenance.tsx';
import { Playground } from './pages/playground.tsx';
import { WorldBrowser } from './pages/world.tsx';

export const PAGES = {
  playground: { title: 'Playground', component: Playground },
  world: { title: 'World', component: WorldBrowser },
  maintenance: { title: 'Maintenance', component: Maintenance },
} satisfies Record<string, { title: string; component: FunctionComponent }>;

export type PageName = keyof typeof PAGES;
