import type { StateCreator } from 'zustand';
import type { Result } from '../../core/problems.ts';
import type { ProjectFile } from '../../core/project/schema.ts';
import type { LocalText } from '../../core/text.ts';
import type { Conflict, SaveState } from '../server/sync.ts';
import type { AppState } from './index.ts';
import type { ProjectSummary } from './project-slice.ts';

/**
 * Local mode (the static build: projects in this browser) or team server mode (dcq serve: projects on
 * the server, signed in). Only the state lives here; the server client, the sign-in screen and the
 * save queue load on demand (src/app/server/), so local mode's first script does not carry them.
 */
export type AppMode = 'detecting' | 'local' | 'server';

/** Where projects come from and go to in server mode (the project slice calls it instead of IndexedDB). */
export interface RemoteBackend {
  list: () => Promise<ProjectSummary[]>;
  /** Opens a project for editing (the unsent edit from the outbox when there is one); null if not found. */
  open: (id: string) => Promise<unknown>;
  /** Reads a project without opening it (to copy it). */
  read: (id: string) => Promise<unknown>;
  create: (project: ProjectFile) => Promise<Result<string>>;
  save: (project: ProjectFile) => void;
  close: () => void;
}

export interface ServerUser {
  username: string;
  roles: string[];
  roleNames?: Record<string, LocalText>;
  approvalLevel?: string | null;
  reviewSeats?: ('sales' | 'finance' | 'technical')[];
  permissions?: string[];
}

export interface ServerRole {
  id: string;
  name: LocalText;
  approvalLevel: string | null;
  contractReview: 'sales' | 'finance' | 'technical' | null;
}

export interface SyncView {
  state: SaveState;
  version: number | null;
  message: LocalText | null;
  conflict: Conflict | null;
}

export interface ServerSlice {
  mode: AppMode;
  serverUser: ServerUser | null;
  remote: RemoteBackend | null;
  sync: SyncView;
  /** Owner and editors of the open server project. */
  serverProject: { id: string; owner: string; editors: string[] } | null;
  /** Every role on the server (rules/access/roles.yaml there), to say who may approve or review. */
  serverRoles: ServerRole[];
  /** The server's catalog version the app prices with (GET /api/catalog); null before it arrived. */
  serverCatalogVersion: string | null;
  setServerState: (patch: Partial<Pick<ServerSlice, 'mode' | 'serverUser' | 'remote' | 'sync' | 'serverProject' | 'serverRoles' | 'serverCatalogVersion'>>) => void;
}

export const createServerSlice: StateCreator<AppState, [], [], ServerSlice> = (set) => ({
  mode: 'detecting',
  serverUser: null,
  remote: null,
  sync: { state: 'saved', version: null, message: null, conflict: null },
  serverProject: null,
  serverRoles: [],
  serverCatalogVersion: null,
  setServerState: (patch) => set(patch),
});
