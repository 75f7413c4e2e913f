import type { Lang, LocalText } from '../../core/text.ts';
import { useAppStore } from '../store/index.ts';
import { dictionaries, type Messages } from './messages.ts';

/** The dictionary for the current language. */
export function useMessages(): Messages {
  return dictionaries[useAppStore((s) => s.lang)];
}

export function useLang(): Lang {
  return useAppStore((s) => s.lang);
}

/** Picks the current language's side of a core LocalText. */
export function useLocal(): (text: LocalText) => string {
  const lang = useLang();
  return (text) => text[lang];
}
