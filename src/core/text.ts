/** Every string a user reads exists in both UI languages. */
export interface LocalText {
  zh: string;
  en: string;
}

export type Lang = 'zh' | 'en';

export function t(text: LocalText, lang: Lang): string {
  return text[lang];
}

export function localText(zh: string, en: string): LocalText {
  return { zh, en };
}
