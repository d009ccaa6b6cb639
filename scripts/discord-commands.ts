/** `npm run -s discord:commands`: prints the JSON body that `discord:deploy` registers. */
import { buildCommands } from '../adapters/discord/commands';

process.stdout.write(`${JSON.stringify(buildCommands(), null, 2)}\n`);
