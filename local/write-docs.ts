// `npm run docs`: writes docs/lifecycle.md and the lifecycle diagram's stored layout from the statechart.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPolicy } from '../workflows/policy/default-policy';
import { lifecycleDoc } from '../workflows/lifecycle/lifecycle-diagram';
import { createTicketMachine } from '../workflows/lifecycle/ticket-machine';
import { layoutsFile, layoutsSource } from './lifecycle-layouts-file';

const dir = join(__dirname, '..', 'docs');
const machine = createTicketMachine(defaultPolicy);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'lifecycle.md'), lifecycleDoc(machine));
console.log('docs/lifecycle.md written');
void layoutsSource(machine).then((source) => {
  writeFileSync(layoutsFile, source);
  console.log('functions/console/lifecycle-diagram-layouts.ts written');
});
