// `npm run docs`: writes docs/lifecycle.md from the statechart.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPolicy } from '../workflows/policy/default-policy';
import { lifecycleDoc } from '../workflows/lifecycle/lifecycle-diagram';
import { createTicketMachine } from '../workflows/lifecycle/ticket-machine';

const dir = join(__dirname, '..', 'docs');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'lifecycle.md'), lifecycleDoc(createTicketMachine(defaultPolicy)));
console.log('docs/lifecycle.md written');
