/** The dashboard's pages, in the order of its menu (one file per page under pages/). */
import type { FunctionComponent } from 'preact';
import { Playground } from './pages/playground.tsx';

export const PAGES = {
  playground: { title: 'Playground', component: Playground },
} satisfies Record<string, { title: string; component: FunctionComponent }>;

export type PageName = keyof typeof PAGES;
