import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fail, ok, type Problem, type Result } from '../core/problems.ts';

/**
 * All-or-nothing file writes: every file goes to a temporary name in its own folder first (same file
 * system, so the final rename is atomic); `verify` may read the temporaries back; only when every one
 * is written and verified are they renamed into place. On any failure the temporaries are removed and
 * no target file has changed.
 */
export interface PlannedFile {
  /** Target path, or a name inside `dir` for writeAllOrNothing. */
  name: string;
  bytes: Uint8Array | string;
}

function ioProblem(file: string, e: unknown, verb: { zh: string; en: string }): Problem {
  const err = e as NodeJS.ErrnoException;
  return { code: 'IO_ERROR', severity: 'error', path: '', location: { file }, message: { zh: `无法${verb.zh}文件：${file}（${err.code ?? err.message}）`, en: `cannot ${verb.en} file: ${file} (${err.code ?? err.message})` } };
}

export async function replaceFilesAtomically(files: readonly PlannedFile[], verify?: (temps: { target: string; temp: string }[]) => Promise<Problem[]>): Promise<Result<string[]>> {
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const plan = files.map((f) => ({ target: f.name, temp: join(dirname(f.name), `.${basename(f.name)}.${tag}.tmp`), bytes: f.bytes }));
  const cleanup = () => Promise.all(plan.map((p) => rm(p.temp, { force: true }).catch(() => undefined)));
  for (const p of plan) {
    try {
      await writeFile(p.temp, p.bytes);
    } catch (e) {
      await cleanup();
      return fail([ioProblem(p.target, e, { zh: '写入', en: 'write' })]);
    }
  }
  if (verify) {
    let problems: Problem[];
    try {
      problems = await verify(plan.map(({ target, temp }) => ({ target, temp })));
    } catch (e) {
      problems = [ioProblem(plan[0]?.target ?? '', e, { zh: '校验', en: 'verify' })];
    }
    if (problems.length > 0) {
      await cleanup();
      return fail(problems);
    }
  }
  const done: string[] = [];
  for (const p of plan) {
    try {
      await rename(p.temp, p.target);
      done.push(p.target);
    } catch (e) {
      await cleanup();
      return fail([ioProblem(p.target, e, { zh: '替换', en: 'replace' })]);
    }
  }
  return ok(done);
}

/** Writes a set of documents into `dir` (created when missing), all or nothing. */
export async function writeAllOrNothing(dir: string, files: readonly PlannedFile[]): Promise<Result<string[]>> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    return fail([ioProblem(dir, e, { zh: '创建目录', en: 'create folder' })]);
  }
  return replaceFilesAtomically(files.map((f) => ({ name: join(dir, f.name), bytes: f.bytes })));
}
