import type { StateCreator } from 'zustand';
import type { ProjectEvaluation } from '../../core/pipeline.ts';
import { fail, ok, type Problem, type Result } from '../../core/problems.ts';
import type { ProjectFile } from '../../core/project/schema.ts';
import type { DecisionInput } from '../../core/quote/approval.ts';
import type { QuoteState } from '../../core/quote/schema.ts';
import * as db from '../persist/project-db.ts';
import { engine, loadEngine, type Engine } from './engine-loader.ts';
import { record, redo, startHistory, undo, type History } from './history.ts';
import type { AppState } from './index.ts';

export interface ProjectSummary {
  id: string;
  name: string;
  customer: string;
  updatedAt: string;
  /** Server mode: who owns the project. */
  owner?: string;
}

/**
 * The open project: its edit history (undo/redo), the problems of the current draft, and the
 * evaluation (sizing → BOM → price → approval) of the last valid draft. Every change is saved to
 * IndexedDB at once. A draft that does not validate is still kept and saved (work is never lost);
 * the screens then show its problems at the fields and the last good evaluation marked as stale.
 */
export interface ProjectSlice {
  projects: ProjectSummary[];
  history: History<ProjectFile> | null;
  draftProblems: Problem[];
  evaluation: ProjectEvaluation | null;
  evaluationStale: boolean;
  lastDeleted: ProjectSummary | null;
  persistError: string | null;
  refreshProjects: () => Promise<void>;
  openProject: (id: string) => Promise<boolean>;
  closeProject: () => void;
  /** A new project from a template (a sample project or another project's file); returns its id. */
  createProject: (template: unknown, name?: string) => Promise<Result<string>>;
  copyProject: (id: string) => Promise<Result<string>>;
  renameProject: (id: string, name: string) => Promise<void>;
  deleteProject: (id: string) => Promise<void>;
  undoDelete: () => Promise<void>;
  /** Opens a project file's text; a broken file leaves every open project untouched. */
  importProjectFile: (text: string) => Promise<Result<string>>;
  exportProjectFile: () => string | null;
  editProject: (recipe: (project: ProjectFile) => ProjectFile) => void;
  editQuote: (recipe: (quote: QuoteState) => QuoteState) => void;
  undo: () => void;
  redo: () => void;
  recordApprovalDecision: (input: Omit<DecisionInput, 'time'>) => Result<QuoteState>;
  issueRevision: (issuedBy: string) => Result<QuoteState>;
  startFromRevision: (letter: string) => Result<QuoteState>;
  /** Re-runs the evaluation (after the catalog changed). */
  reevaluate: () => void;
  /** App start: list projects, reopen the last one, or on a first start create one from a sample. */
  startProjects: (firstStartTemplate: unknown) => Promise<void>;
  /**
   * Server mode: shows a project the server sent (after a conflict, or a decision recorded there)
   * without saving it again; `record` keeps it undoable, `replace` starts a fresh history.
   */
  adoptProject: (project: ProjectFile, how: 'record' | 'replace') => void;
}

const nowIso = () => new Date().toISOString();
const newId = () => globalThis.crypto.randomUUID();

function summaryOf(p: ProjectFile, updatedAt: string): ProjectSummary {
  return { id: p.id, name: p.meta.name, customer: p.meta.customer ?? '', updatedAt };
}

export const createProjectSlice: StateCreator<AppState, [], [], ProjectSlice> = (set, get) => {
  /** The pipeline, reusing its pricing stage across edits that leave the BOM alone (issue #16). */
  let evaluateProject: ReturnType<Engine['createProjectEvaluator']> | undefined;

  /** Validates and evaluates a draft; never throws on user data. */
  const evaluate = (draft: ProjectFile): Pick<ProjectSlice, 'draftProblems' | 'evaluation' | 'evaluationStale'> => {
    const knowledge = get().knowledge;
    if (!knowledge) return { draftProblems: [], evaluation: null, evaluationStale: false };
    const { projectLimitProblems, validateProject, createProjectEvaluator, bundledSigningPolicy } = engine();
    evaluateProject ??= createProjectEvaluator();
    const over = projectLimitProblems(draft, knowledge.limits.project);
    const valid = over.length > 0 ? fail<ProjectFile>(over) : validateProject(draft, knowledge.sizingRules);
    if (!valid.ok) return { draftProblems: valid.problems, evaluation: get().evaluation, evaluationStale: get().evaluation !== null };
    return { draftProblems: valid.warnings, evaluation: evaluateProject(valid.value, knowledge, { now: nowIso(), signing: bundledSigningPolicy(knowledge) }), evaluationStale: false };
  };

  const persist = (project: ProjectFile) => {
    const updatedAt = nowIso();
    const remote = get().remote;
    if (remote) {
      // Server mode: the save queue keeps the edit in its outbox and sends it with its base version.
      remote.save(project);
      set((s) => ({ projects: s.projects.map((p) => (p.id === project.id ? { ...p, name: project.meta.name, updatedAt } : p)) }));
      return;
    }
    db.saveProjectSoon({ ...summaryOf(project, updatedAt), file: project })
      .then(() => set((s) => ({ persistError: null, projects: [summaryOf(project, updatedAt), ...s.projects.filter((p) => p.id !== project.id)] })))
      .catch((e: unknown) => set({ persistError: String(e) }));
  };

  const commit = (next: ProjectFile, history: History<ProjectFile>) => {
    set({ history, ...evaluate(next) });
    persist(next);
  };

  /** Validates a file's JSON as a project; problems carry field paths. */
  const parseProject = (json: unknown): Result<ProjectFile> => {
    const knowledge = get().knowledge;
    return engine().openProjectJson(json, knowledge?.sizingRules, knowledge?.limits);
  };

  const quoteResult = (result: Result<QuoteState>): Result<QuoteState> => {
    if (result.ok) get().editQuote(() => result.value);
    return result;
  };

  return {
    projects: [],
    history: null,
    draftProblems: [],
    evaluation: null,
    evaluationStale: false,
    lastDeleted: null,
    persistError: null,

    refreshProjects: async () => {
      try {
        const remote = get().remote;
        set({ projects: remote ? await remote.list() : await db.listProjects(), persistError: null });
      } catch (e) {
        set({ persistError: String(e) });
      }
    },

    openProject: async (id) => {
      const remote = get().remote;
      let project: ProjectFile;
      if (remote) {
        const file = await remote.open(id).catch((e: unknown) => {
          set({ persistError: String(e) });
          return null;
        });
        if (!file) return false;
        project = file as ProjectFile;
      } else {
        const stored = await db.getProject(id);
        if (!stored) return false;
        project = stored.file as ProjectFile;
      }
      // Clear first so a broken draft never shows another project's evaluation as its own.
      set({ evaluation: null });
      set({ history: startHistory(project), ...evaluate(project) });
      await db.putSetting('lastProjectId', id);
      return true;
    },

    closeProject: () => {
      get().remote?.close();
      set({ history: null, evaluation: null, draftProblems: [], evaluationStale: false });
    },

    createProject: async (template, name) => {
      await loadEngine();
      const parsed = parseProject(template);
      if (!parsed.ok) return fail(parsed.problems);
      const now = nowIso();
      const base = parsed.value;
      const project: ProjectFile = {
        ...base,
        id: newId(),
        meta: { ...base.meta, name: name ?? base.meta.name, createdAt: now, updatedAt: now },
        // A project started from another never carries its approvals or revisions.
        quote: base.quote ? engine().copyForNewProject(base.quote) : engine().emptyQuoteState(),
      };
      const remote = get().remote;
      if (remote) {
        const created = await remote.create(project);
        if (!created.ok) return created;
        await get().refreshProjects();
        await get().openProject(created.value);
        return created;
      }
      await db.putProject({ ...summaryOf(project, now), file: project });
      await get().refreshProjects();
      await get().openProject(project.id);
      return ok(project.id);
    },

    copyProject: async (id) => {
      const remote = get().remote;
      const stored = remote ? await remote.read(id).then((file) => (file ? { file } : undefined), () => undefined) : await db.getProject(id);
      if (!stored) return fail([{ code: 'project.notFound', severity: 'error', path: 'id', message: { zh: '找不到该项目', en: 'Project not found' } }]);
      const file = stored.file as ProjectFile;
      return get().createProject(file, `${file.meta.name} (副本 copy)`);
    },

    renameProject: async (id, name) => {
      const trimmed = name.trim();
      if (!trimmed) return;
      const current = get().history?.present;
      if (current?.id === id) {
        get().editProject((p) => ({ ...p, meta: { ...p.meta, name: trimmed } }));
        return;
      }
      if (get().remote) {
        // Server mode: a rename is an edit of the project, saved like any other.
        if (await get().openProject(id)) get().editProject((p) => ({ ...p, meta: { ...p.meta, name: trimmed } }));
        return;
      }
      const stored = await db.getProject(id);
      if (!stored) return;
      const file = stored.file as ProjectFile;
      const renamed = { ...file, meta: { ...file.meta, name: trimmed } };
      await db.putProject({ ...stored, name: trimmed, updatedAt: nowIso(), file: renamed });
      await get().refreshProjects();
    },

    deleteProject: async (id) => {
      // The server keeps every project (and its audit log); there is no delete there.
      if (get().remote) return;
      const summary = get().projects.find((p) => p.id === id) ?? null;
      await db.deleteProject(id, nowIso());
      if (get().history?.present.id === id) get().closeProject();
      set({ lastDeleted: summary });
      await get().refreshProjects();
    },

    undoDelete: async () => {
      const last = get().lastDeleted;
      if (!last) return;
      await db.restoreProject(last.id);
      set({ lastDeleted: null });
      await get().refreshProjects();
    },

    importProjectFile: async (text) => {
      const { openProjectText, importQuoteState } = await loadEngine();
      const parsed = openProjectText(text, get().knowledge?.sizingRules, get().knowledge?.limits);
      if (!parsed.ok) return fail(parsed.problems);
      const remote = get().remote;
      if (remote) {
        // The server drops the file's approvals and gives the project an id of its own.
        const created = await remote.create(parsed.value);
        if (!created.ok) return created;
        await get().refreshProjects();
        await get().openProject(created.value);
        return ok(created.value, parsed.warnings);
      }
      const exists = await db.getProject(parsed.value.id);
      // Opening a colleague's file: keep its id unless that would overwrite a project here. Approvals
      // never come along (anyone can edit a file); only the revisions that verify do.
      const imported = parsed.value.quote ? importQuoteState(parsed.value.quote) : null;
      const withQuote = imported ? { ...parsed.value, quote: imported.state } : parsed.value;
      const project = exists ? { ...withQuote, id: newId() } : withQuote;
      const now = nowIso();
      await db.putProject({ ...summaryOf(project, now), file: project });
      await get().refreshProjects();
      await get().openProject(project.id);
      return ok(project.id, [...parsed.warnings, ...(imported?.dropped ?? [])]);
    },

    exportProjectFile: () => {
      const present = get().history?.present;
      return present ? `${JSON.stringify({ ...present, meta: { ...present.meta, updatedAt: nowIso() } }, null, 2)}\n` : null;
    },

    editProject: (recipe) => {
      const history = get().history;
      if (!history) return;
      const next = recipe(history.present);
      if (next === history.present) return;
      commit(next, record(history, next));
    },

    editQuote: (recipe) => {
      get().editProject((p) => ({ ...p, quote: recipe(p.quote ?? engine().emptyQuoteState()) }));
    },

    undo: () => {
      const history = get().history;
      if (!history || history.past.length === 0) return;
      const h = undo(history);
      commit(h.present, h);
    },

    redo: () => {
      const history = get().history;
      if (!history || history.future.length === 0) return;
      const h = redo(history);
      commit(h.present, h);
    },

    recordApprovalDecision: (input) => {
      const { evaluation, knowledge } = get();
      const check = evaluation && knowledge ? engine().quoteCheckOf(evaluation, knowledge) : null;
      if (!check || get().evaluationStale) return fail([notPriced]);
      return quoteResult(engine().recordDecision(check, { ...input, time: nowIso() }));
    },

    issueRevision: (issuedBy) => {
      const { evaluation, knowledge } = get();
      const check = evaluation && knowledge ? engine().quoteCheckOf(evaluation, knowledge) : null;
      if (!check || get().evaluationStale) return fail([notPriced]);
      return quoteResult(engine().issueRevision({ ...check, issuedAt: nowIso(), issuedBy }));
    },

    startFromRevision: (letter) => {
      const quote = get().history?.present.quote;
      if (!quote) return fail([notPriced]);
      return quoteResult(engine().startFromRevision(quote, letter));
    },

    reevaluate: () => {
      const present = get().history?.present;
      if (present) set(evaluate(present));
    },

    startProjects: async (firstStartTemplate) => {
      await get().refreshProjects();
      const lastId = await db.getSetting<string>('lastProjectId').catch(() => undefined);
      if (lastId && (!get().remote || get().projects.some((p) => p.id === lastId)) && (await get().openProject(lastId))) return;
      const newest = get().projects[0];
      if (newest) {
        await get().openProject(newest.id);
        return;
      }
      // On the server a first project comes from whoever may create one (`npm start` seeds the samples).
      if (get().remote) return;
      await get().createProject(firstStartTemplate);
    },

    adoptProject: (project, how) => {
      const history = get().history;
      set({ history: how === 'record' && history ? record(history, project) : startHistory(project), ...evaluate(project) });
    },
  };
};

const notPriced: Problem = {
  code: 'project.notPriced',
  severity: 'error',
  path: '',
  message: { zh: '项目尚未完成计算和报价（请先修正输入中的问题）', en: 'The project is not sized and priced yet (fix the problems in its input first)' },
};
