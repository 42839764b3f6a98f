import type { Command } from '../command';
import { checkCommand } from './check';
import { exportCommand } from './export';
import { gridsCommand } from './grids';
import { initCommand } from './init';
import { statsCommand } from './stats';
import { reportCommand } from './report';
import { importCommand } from './import';
import { importsCommand } from './imports';
import { undoImportCommand } from './undo-import';
import { gridsImportCommand } from './grids-import';
import { backupCommand } from './backup';
import { restoreCommand } from './restore';
import { verifyBackupCommand } from './verify-backup';
import { hotlineExportCommand } from './hotline-export';
import { noticesCommand } from './notices';
import { assessCommand } from './assess';
import { coverageCommand } from './coverage';

/** Every CLI command by name; a new command is one file plus one line here. */
export const commands: Record<string, Command> = {
  init: initCommand,
  grids: gridsCommand,
  check: checkCommand,
  stats: statsCommand,
  export: exportCommand,
  report: reportCommand,
  import: importCommand,
  imports: importsCommand,
  'undo-import': undoImportCommand,
  'grids-import': gridsImportCommand,
  backup: backupCommand,
  restore: restoreCommand,
  'verify-backup': verifyBackupCommand,
  'hotline-export': hotlineExportCommand,
  notices: noticesCommand,
  assess: assessCommand,
  coverage: coverageCommand,
};
