import { planCommand, PLAN_COMMAND } from '../lib/plan/command';
import { ROOT } from '../lib/paths';
import { runScript } from './cli';

// A bad base, a failed synthesis or a base that does not parse exits 2 (runScript), nothing written.
runScript(PLAN_COMMAND, (line) => planCommand(line, { root: ROOT }));
