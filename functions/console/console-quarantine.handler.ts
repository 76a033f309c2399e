// GET /console/quarantine — the quarantined mail, newest first: when, the reason in words, the
// sender, the subject, the ticket it named, and whether it was released or discarded. Reads only.
import type { Desk } from '../desk';
import { deskInAws } from '../desk-in-aws';
import { consoleEndpoint } from '../http/console-endpoint';
import { consoleFormats, htmlResponse } from './console-pages';
import { quarantineListPage } from './console-quarantine-page';

/** The newest this many: quarantine is worked through, not browsed as history. */
const SHOWN = 200;

export function makeConsoleQuarantineHandler(desk: Desk) {
  return consoleEndpoint(desk, async ({ chrome }) => {
    const records = await desk.intake.listQuarantine(SHOWN);
    return htmlResponse(200, quarantineListPage({ records, formats: consoleFormats(desk.policy), chrome }));
  });
}

export const handler = makeConsoleQuarantineHandler(deskInAws());
