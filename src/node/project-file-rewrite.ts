import { readFileSync } from 'node:fs';
import { fail, type Result } from '../core/problems.ts';
import { replaceFilesAtomically } from './atomic-write.ts';

/**
 * Rewrites one project file in place, atomically, changing only what `change` changes. The file is
 * re-read from disk (not the validated project), so defaults the validator fills in are not added and
 * the rest of the file stays as the user wrote it. Used by the commands that record something in the
 * project file (dcq tender --save / tender-ack, dcq drawing --issue).
 */
export async function rewriteProjectFile(projectPath: string, code: string, change: (json: Record<string, unknown>) => Result<Record<string, unknown>>): Promise<Result<string[]>> {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(readFileSync(projectPath, 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>;
  } catch (e) {
    return fail([{ code, severity: 'error', path: '', location: { file: projectPath }, message: { zh: `无法重新读取项目文件：${(e as Error).message}`, en: `cannot re-read the project file: ${(e as Error).message}` } }]);
  }
  const next = change(json);
  if (!next.ok) return next;
  return replaceFilesAtomically([{ name: projectPath, bytes: `${JSON.stringify(next.value, null, 2)}\n` }]);
}
