import { Command, CommanderError, Option } from 'commander';
import { EXIT } from './exit-codes.ts';
import { useNodeSha256 } from '../node/native-hash.ts';
import { registerCatalogCommands } from './catalog-command.ts';
import { registerDrawingCommand } from './drawing-command.ts';
import { registerExportCommand } from './export-command.ts';
import { registerQuoteCommand } from './quote-command.ts';
import { registerServerCommands } from './server-command.ts';
import { registerSizeCommand } from './size-command.ts';
import { registerTenderCommand } from './tender-command.ts';

/**
 * Builds the `dcq` program. Each command family lives in its own module and registers itself here.
 * Commands return their exit code through `ctx.exitCode`; nothing calls process.exit, so tests can run
 * `main([...])` in-process.
 */
export interface CliContext {
  exitCode: number;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Standard input as text (tests pass it in; the real stdin otherwise). */
  stdin?: () => Promise<string>;
}

export async function main(argv: string[], io: Partial<Pick<CliContext, 'out' | 'err' | 'stdin'>> = {}): Promise<number> {
  useNodeSha256();
  const ctx: CliContext = {
    exitCode: EXIT.ok,
    out: io.out ?? ((s) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`)),
    err: io.err ?? ((s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`)),
    ...(io.stdin ? { stdin: io.stdin } : {}),
  };
  const program = new Command('dcq')
    .description('DC / integrated power system configurator and quotation tool (DL/T 5044-2014)\n直流电源系统配置与报价工具')
    // A language we do not have is refused (exit 2), never silently replaced by Chinese.
    .addOption(new Option('--lang <lang>', 'message language: zh (default) or en / 信息语言').choices(['zh', 'en']))
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.out(s), writeErr: (s) => ctx.err(s) })
    .showHelpAfterError();
  registerCatalogCommands(program, ctx);
  registerSizeCommand(program, ctx);
  registerExportCommand(program, ctx);
  registerDrawingCommand(program, ctx);
  registerQuoteCommand(program, ctx);
  registerServerCommands(program, ctx);
  registerTenderCommand(program, ctx);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    // Never a stack trace: an error nothing above expected is reported in one line, exit 1.
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    ctx.err(`ERROR [internal] ${message.split('\n')[0]} — 内部错误，请把输入文件和这条信息报告给开发者 / an internal error: please report it with the input file`);
    return EXIT.problems;
  }
  return ctx.exitCode;
}
