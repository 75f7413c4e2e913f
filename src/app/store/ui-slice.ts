import type { StateCreator } from 'zustand';
import type { Lang } from '../../core/text.ts';

/** The screens, in the order of the work: from projects to an exported quote. */
export const SCREENS = ['projects', 'requirements', 'sizing', 'bom', 'pricing', 'tender', 'review', 'revisions', 'drawing', 'exports', 'catalog'] as const;
export type Screen = (typeof SCREENS)[number];

export interface UiSlice {
  lang: Lang;
  screen: Screen;
  setLang: (lang: Lang) => void;
  setScreen: (screen: Screen) => void;
}

const LANG_KEY = 'dcq.lang';

function initialLang(): Lang {
  try {
    const saved = globalThis.localStorage?.getItem(LANG_KEY);
    if (saved === 'zh' || saved === 'en') return saved;
  } catch {
    // Storage blocked (private mode): fall back to the default.
  }
  return 'zh';
}

export const createUiSlice: StateCreator<UiSlice, [], [], UiSlice> = (set) => ({
  lang: initialLang(),
  screen: 'projects',
  setLang: (lang) => {
    try {
      globalThis.localStorage?.setItem(LANG_KEY, lang);
    } catch {
      // Not persisted; the choice still applies to this session.
    }
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    set({ lang });
  },
  setScreen: (screen) => set({ screen }),
});
