import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { formatProblem } from '../core/problems.ts';
import { formatPublicKey } from '../core/signing/approval-signature.ts';
import { loadOrCreateSigningKey } from '../server/signing-key.ts';
import { DataFolderLockedError } from '../server/db.ts';
import { readRoles } from '../server/roles.ts';
import { databaseChoice, openMigrated } from '../server/database-choice.ts';
import { addUser, disableUser, parseRoleList, resetUser, UserError } from '../server/users.ts';
import { EXIT } from './exit-codes.ts';
import { resolveLang } from './lang.ts';
import type { CliContext } from './main.ts';

/**
 * `dcq serve` and `dcq user add|disable|reset`: the team server and its accounts. Passwords are read
 * from stdin (first line), never from the command line where `ps` shows them. On PGlite the data folder
 * is locked while a server holds it, so `dcq user …` refuses then (stop the server first); with
 * DATABASE_URL both work at once.
 */
async function readStdinLine(ctx: CliContext): Promise<string> {
  const text = ctx.stdin ? await ctx.stdin() : await new Promise<string>((res, rej) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => res(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', rej);
  });
  return text.split(/\r?\n/)[0] ?? '';
}

export function registerServerCommands(program: Command, ctx: CliContext): void {
  const lang = () => resolveLang(program.opts<{ lang?: string }>().lang);
  const say = (t: { zh: string; en: string }) => ctx.err(lang() === 'zh' ? t.zh : t.en);

  function failWith(e: unknown): void {
    if (e instanceof UserError) {
      say(e.text);
      ctx.exitCode = EXIT.problems;
    } else if (e instanceof DataFolderLockedError) {
      say({ zh: `数据目录 ${e.dir} 正被另一个进程使用（${e.holder}），请先停止服务器`, en: `The data folder ${e.dir} is in use by another process (${e.holder}); stop the server first` });
      ctx.exitCode = EXIT.io;
    } else {
      const msg = (e as Error)?.message ?? String(e);
      say({ zh: `数据库错误：${msg}`, en: `Database error: ${msg}` });
      ctx.exitCode = EXIT.io;
    }
  }

  program
    .command('serve')
    .description('run the team server (API + app) / 运行团队服务器')
    .option('--port <n>', 'port (default 8080) / 端口', '8080')
    .option('--host <addr>', 'address to listen on (default 127.0.0.1) / 监听地址', '127.0.0.1')
    .option('--data <dir>', 'PGlite data folder (default ./dcq-data; DATABASE_URL selects PostgreSQL) / 数据目录')
    .action(async (opts: { port: string; host: string; data?: string }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        say({ zh: `--port 须为 0–65535 的整数：${opts.port}`, en: `--port must be an integer 0–65535: ${opts.port}` });
        ctx.exitCode = EXIT.usage;
        return;
      }
      try {
        // The server (and the document libraries it exports with) loads only for `dcq serve`.
        const { startServer } = await import('../server/start.ts');
        const started = await startServer({ ...databaseChoice(opts.data), port, host: opts.host, out: (l) => ctx.out(l) });
        if (!started.ok) {
          started.problems.forEach((p) => ctx.err(formatProblem(p, lang())));
          ctx.exitCode = EXIT.problems;
          return;
        }
        const stop = async () => {
          await started.value.close();
          process.exit(0);
        };
        process.once('SIGINT', () => void stop());
        process.once('SIGTERM', () => void stop());
        await new Promise<never>(() => {});
      } catch (e) {
        failWith(e);
      }
    });

  program
    .command('signing-key')
    .description('write the server approval public key for templates/approval-public-key.txt / 导出审批签名公钥')
    .option('--data <dir>', 'PGlite data folder / 数据目录')
    .option('--out <file>', 'write to this file instead of stdout / 写入文件')
    .action(async (opts: { data?: string; out?: string }) => {
      await withDb(opts.data, async (db) => {
        const { all } = await loadOrCreateSigningKey(db);
        const text = `# Approval signing public key(s) of the dcq team server (Ed25519). Exports and the CLI verify\n# approvals against these lines. 审批签名公钥（由服务器生成，勿手工修改）\n${all.map(formatPublicKey).join('\n')}\n`;
        if (opts.out) {
          await writeFile(opts.out, text);
          ctx.out(opts.out);
        } else ctx.out(text);
      });
    });

  const userCmd = program.command('user').description('server accounts (password on stdin) / 服务器账号（密码从标准输入读取）');
  const withDb = async (data: string | undefined, fn: (db: Awaited<ReturnType<typeof openMigrated>>) => Promise<void>) => {
    let db: Awaited<ReturnType<typeof openMigrated>> | undefined;
    try {
      db = await openMigrated(databaseChoice(data));
      await fn(db);
      ctx.exitCode = EXIT.ok;
    } catch (e) {
      failWith(e);
    } finally {
      await db?.close();
    }
  };

  userCmd
    .command('add')
    .argument('<name>', 'user name / 用户名')
    .requiredOption('--role <roles>', 'role ids, comma-separated (rules/access/roles.yaml) / 角色（逗号分隔）')
    .option('--data <dir>', 'PGlite data folder / 数据目录')
    .action(async (name: string, opts: { role: string; data?: string }) => {
      let roleIds: string[];
      try {
        roleIds = parseRoleList(opts.role, readRoles());
      } catch (e) {
        failWith(e);
        return;
      }
      const password = await readStdinLine(ctx);
      await withDb(opts.data, async (db) => {
        await addUser(db, name, roleIds, password);
        ctx.out(lang() === 'zh' ? `已添加用户 ${name}（${roleIds.join(', ')}）` : `Added user ${name} (${roleIds.join(', ')})`);
      });
    });

  userCmd
    .command('disable')
    .argument('<name>', 'user name / 用户名')
    .option('--data <dir>', 'PGlite data folder / 数据目录')
    .action(async (name: string, opts: { data?: string }) => {
      await withDb(opts.data, async (db) => {
        await disableUser(db, name);
        ctx.out(lang() === 'zh' ? `已停用用户 ${name}，其会话已结束` : `Disabled ${name} and ended their sessions`);
      });
    });

  userCmd
    .command('reset')
    .description('set a new password (stdin), enable the account, end its sessions / 重设密码')
    .argument('<name>', 'user name / 用户名')
    .option('--data <dir>', 'PGlite data folder / 数据目录')
    .action(async (name: string, opts: { data?: string }) => {
      const password = await readStdinLine(ctx);
      await withDb(opts.data, async (db) => {
        await resetUser(db, name, password);
        ctx.out(lang() === 'zh' ? `已重设 ${name} 的密码` : `Reset the password of ${name}`);
      });
    });
}
