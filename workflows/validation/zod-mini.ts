// zod as every schema of the desk imports it (`import * as z`): `zod/mini`, whose functions a
// bundle keeps only as far as it uses them, with zod's English messages, which refusals and
// problem documents carry. Classic zod loads that locale itself; mini leaves it to the
// application, and this module is it. Re-exported name by name (`export *`), not as mini's `z`
// object: a bundler cannot drop what an object it passes on holds (every locale, the compiler).
import { config, globalRegistry, type core, type ZodMiniType } from 'zod/mini';
import { en } from 'zod/locales';

config(en());

export * from 'zod/mini';

/**
 * A copy of a schema carrying this metadata (a title, a description), as classic zod's
 * `.meta(data)` makes one: a copy, so a shared schema is described anew in each place, and no
 * check, so an object keeps its `extend`.
 */
export function withMeta<T extends ZodMiniType>(schema: T, meta: core.GlobalMeta): T {
  const copy = schema.clone() as T;
  globalRegistry.add(copy, meta);
  return copy;
}
