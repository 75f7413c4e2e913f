import type { Lang } from '../core/text.ts';

/** `--lang` wins; otherwise an English locale in LANG/LC_ALL selects English; Chinese is the default. */
export function resolveLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  if (flag === 'en' || flag === 'zh') return flag;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^en/i.test(locale) ? 'en' : 'zh';
}
