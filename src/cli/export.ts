import { runExport } from './export-command.js';

/** npm run export: src/cli/export-command.ts on this process's arguments, environment and streams. */
const code = await runExport(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr });
if (code !== 0) process.exit(code);
