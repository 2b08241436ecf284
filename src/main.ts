/** Entry point of `npm start`: configuration, composition, listen; signals close gracefully. */
import { runServe } from './cli/commands/serve.js';

await runServe();
