import { runStaff } from './staff-command.js';

/** npm run staff: src/cli/staff-command.ts on this process's arguments, environment and streams. */
const code = await runStaff(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr });
if (code !== 0) process.exit(code);
