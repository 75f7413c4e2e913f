import type { LocalText } from '../../core/text.ts';

/**
 * Sample projects (templates/projects/) bundled with the app: a new user starts from one, and the first
 * start opens the 110 kV one. The CLI examples in the README use the same files.
 */
const files = import.meta.glob('/templates/projects/*.json', { import: 'default', eager: true }) as Record<string, unknown>;

export interface SampleProject {
  id: string;
  title: LocalText;
  json: unknown;
}

const titles: Record<string, LocalText> = {
  'sample-110kv': { zh: '110 kV 智能变电站 · 一体化电源（一电一充，220 V）', en: '110 kV smart substation · integrated power (1 battery, 1 charger, 220 V)' },
  'sample-220kv': { zh: '220 kV 变电站 · 直流系统（两电两充，220 V）', en: '220 kV substation · DC system (2 batteries, 2 chargers, 220 V)' },
  'sample-integrated-telecom': { zh: '110 kV 数字化变电站 · 一体化电源含 -48 V 通信（ZHTS220 60/300-250/3K/75）', en: '110 kV digital substation · integrated power with -48 V telecom (ZHTS220 60/300-250/3K/75)' },
};

export const sampleProjects: SampleProject[] = Object.entries(files)
  .map(([path, json]) => {
    const id = path.replace(/^.*\//, '').replace(/\.json$/, '');
    return { id, title: titles[id] ?? { zh: id, en: id }, json };
  })
  .sort((a, b) => a.id.localeCompare(b.id));

export const FIRST_START_SAMPLE = 'sample-110kv';
