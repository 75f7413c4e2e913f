import { fileTooLarge, projectLimitProblems, type InputLimits } from '../limits.ts';
import { fail, ok, type Problem, type Result } from '../problems.ts';
import type { Rules } from '../rules/schema.ts';
import { validateProject } from './requirements.ts';
import type { ProjectFile } from './schema.ts';

/**
 * Opening a project file: JSON text → schema version check → migrations → validation. The app (open
 * from file, IndexedDB) and the CLI both go through here, so a file is judged the same everywhere.
 * Nothing here throws on user data: every failure is a problem naming the place and the reason.
 */

/** The version this build writes. Bump it together with a migration from the previous version. */
export const CURRENT_SCHEMA_VERSION = 1;

/**
 * Migrations from version n to n + 1, over plain JSON (no defaults applied, nothing validated yet).
 * Version 1 is the first released format, so the chain is empty; the next format change adds
 * `1: (json) => …` here and a fixture of a version-1 file to tests/project/migrations.test.ts.
 */
const migrations: Readonly<Record<number, (json: Record<string, unknown>) => Record<string, unknown>>> = {};

function problem(code: string, path: string, zh: string, en: string, extra: Partial<Problem> = {}): Problem {
  return { code, severity: 'error', path, message: { zh, en }, ...extra };
}

export interface MigratedJson {
  json: Record<string, unknown>;
  fromVersion: number;
}

export function migrateProjectJson(input: unknown): Result<MigratedJson> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return fail([problem('PROJECT_NOT_OBJECT', '', '项目文件的内容必须是一个 JSON 对象', 'A project file must contain a JSON object')]);
  }
  const json = input as Record<string, unknown>;
  const version = json.schemaVersion;
  if (version === undefined) {
    return fail([problem('PROJECT_NO_VERSION', 'schemaVersion', '缺少 schemaVersion：这不是本工具保存的项目文件', 'schemaVersion is missing: this is not a project file saved by this tool')]);
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return fail([problem('PROJECT_BAD_VERSION', 'schemaVersion', `schemaVersion 必须是正整数，实际为 ${JSON.stringify(version)}`, `schemaVersion must be a positive whole number, got ${JSON.stringify(version)}`, { value: version })]);
  }
  if (version > CURRENT_SCHEMA_VERSION) {
    return fail([
      problem(
        'PROJECT_NEWER_VERSION',
        'schemaVersion',
        `此文件由较新版本的工具保存（格式版本 ${version}，本版本支持至 ${CURRENT_SCHEMA_VERSION}），请升级后再打开`,
        `This file was saved by a newer version of the tool (format ${version}; this version reads up to ${CURRENT_SCHEMA_VERSION}). Update the tool to open it.`,
        { value: version, limit: CURRENT_SCHEMA_VERSION },
      ),
    ]);
  }
  let current = json;
  for (let v = version; v < CURRENT_SCHEMA_VERSION; v++) {
    const step = migrations[v];
    if (!step) return fail([problem('PROJECT_NO_MIGRATION', 'schemaVersion', `没有从格式版本 ${v} 升级的迁移`, `No migration from format version ${v}`, { value: v })]);
    current = { ...step(current), schemaVersion: v + 1 };
  }
  return ok({ json: current, fromVersion: version });
}

/**
 * Parses, migrates and validates a project file's text. A UTF-8 byte-order mark (Windows Notepad adds
 * one) is not part of the content. With `limits`, a text above the file-size limit is refused before it
 * is parsed, and the counts of rules/limits/input-limits.yaml before the file is validated.
 */
export function openProjectText(text: string, rules?: Rules, limits?: InputLimits): Result<ProjectFile> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // UTF-16 code units ≤ bytes of the UTF-8 file, so this never refuses a file within the limit.
  if (limits && body.length > limits.project.maxFileBytes) return fail([fileTooLarge({ zh: '项目文件', en: 'project file' }, body.length, limits.project.maxFileBytes)]);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (e) {
    const reason = (e as Error).message;
    return fail([problem('PROJECT_NOT_JSON', '', `文件不是有效的 JSON（可能不完整或已损坏）：${reason}`, `The file is not valid JSON (it may be truncated or damaged): ${reason}`)]);
  }
  return openProjectJson(json, rules, limits);
}

export function openProjectJson(json: unknown, rules?: Rules, limits?: InputLimits): Result<ProjectFile> {
  const migrated = migrateProjectJson(json);
  if (!migrated.ok) return migrated;
  if (limits) {
    const over = projectLimitProblems(migrated.value.json, limits.project);
    if (over.length > 0) return fail(over);
  }
  return validateProject(migrated.value.json, rules);
}
