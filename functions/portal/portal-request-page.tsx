// The portal's page for a new request, in Dutch and English: three plain forms (an incident, a
// service request from the catalog, a request for change), each with the CSRF token and labelled
// fields; the catalog grouped into what the service includes and what is billed on actual hours.
// What the handler refused comes back as a list of the fields to fix. No script.
import type { Language, Policy } from '../../workflows/policy/policy';
import type { FieldIssue } from '../../workflows/lifecycle/ticket-events';
import { catalogGroups, catalogTerms, portalRequestKinds } from '../../workflows/portal/portal-requests';
import { deskContactOf, LinkLayout } from '../views/link-layout';
import { renderDocument } from '../views/render';
import { UserText } from '../views/user-text-bdi';

const words = {
  nl: {
    title: 'Nieuwe aanvraag',
    incident: 'Storing melden',
    incidentHelp: 'Iets werkt niet (meer) zoals het zou moeten.',
    service: 'Service aanvragen uit de catalogus',
    serviceHelp:
      'Standaardverzoeken zijn inbegrepen; andere werkzaamheden worden berekend op basis van werkelijk bestede uren.',
    change: 'Wijziging aanvragen',
    changeHelp: 'Een wijziging vraagt u schriftelijk aan; dit formulier geldt als schriftelijk verzoek.',
    subject: 'Onderwerp',
    subjectOptional: 'Onderwerp (optioneel)',
    description: 'Omschrijving',
    item: 'Catalogusitem',
    desired: 'Gewenste datum (optioneel)',
    send: 'Versturen',
    fix: 'Controleer deze velden:',
  },
  en: {
    title: 'New request',
    incident: 'Report an incident',
    incidentHelp: 'Something does not work (any more) as it should.',
    service: 'Request a service from the catalog',
    serviceHelp: 'Standard requests are included; other work is billed on actual hours.',
    change: 'Request a change',
    changeHelp: 'A change is requested in writing; this form counts as a written request.',
    subject: 'Subject',
    subjectOptional: 'Subject (optional)',
    description: 'Description',
    item: 'Catalog item',
    desired: 'Desired date (optional)',
    send: 'Send',
    fix: 'Please check these fields:',
  },
};

export interface PortalRequestPageInput {
  language: Language;
  policy: Policy;
  csrf: string;
  /** Where the forms post (the portal's new-request route). */
  actionPath: string;
  /** The form that was refused and why, when the page comes back after a refusal. */
  refused?: { kind: string; issues: FieldIssue[] };
}

function PortalRequestPage({ input }: { input: PortalRequestPageInput }) {
  const { language, policy, csrf, actionPath, refused } = input;
  const w = words[language];
  const groups = catalogGroups(policy);
  const terms = catalogTerms[language];
  const hidden = (kind: string) => (
    <>
      <input type="hidden" name="csrf" value={csrf} />
      <input type="hidden" name="kind" value={kind} />
    </>
  );
  // A form of no kind the page offers (a hand-made post) has its issues shown above all three.
  const shownKind = refused && (portalRequestKinds as readonly string[]).includes(refused.kind) ? refused.kind : '';
  const issuesOf = (kind: string) =>
    refused && shownKind === kind && refused.issues.length ? (
      <div role="alert">
        <p>{w.fix}</p>
        <ul>
          {refused.issues.map((i) => (
            <li>
              {i.field}: <UserText value={i.message} />
            </li>
          ))}
        </ul>
      </div>
    ) : null;
  return (
    <LinkLayout language={language} title={w.title} contact={deskContactOf(policy)}>
      {issuesOf('')}
      <form method="post" action={actionPath} data-kind="incident">
        <fieldset>
          <legend>{w.incident}</legend>
          <p>{w.incidentHelp}</p>
          {issuesOf('incident')}
          {hidden('incident')}
          <label for="incident-subject">{w.subject}</label>
          <input id="incident-subject" name="subject" required maxLength={300} />
          <label for="incident-description">{w.description}</label>
          <textarea id="incident-description" name="description" rows={5} maxLength={20_000} />
          <p>
            <button type="submit">{w.send}</button>
          </p>
        </fieldset>
      </form>
      <form method="post" action={actionPath} data-kind="service_request">
        <fieldset>
          <legend>{w.service}</legend>
          <p>{w.serviceHelp}</p>
          {issuesOf('service_request')}
          {hidden('service_request')}
          <label for="service-item">{w.item}</label>
          <select id="service-item" name="catalogItemId" required>
            {(
              [
                [terms.included, groups.included],
                [terms.billable, groups.billable],
              ] as const
            ).map(([label, items]) =>
              items.length ? (
                <optgroup label={label}>
                  {items.map((item) => (
                    <option value={item.id}>{item.title[language]}</option>
                  ))}
                </optgroup>
              ) : null,
            )}
          </select>
          <label for="service-subject">{w.subjectOptional}</label>
          <input id="service-subject" name="subject" maxLength={300} />
          <label for="service-description">{w.description}</label>
          <textarea id="service-description" name="description" rows={4} maxLength={20_000} />
          <p>
            <button type="submit">{w.send}</button>
          </p>
        </fieldset>
      </form>
      <form method="post" action={actionPath} data-kind="change">
        <fieldset>
          <legend>{w.change}</legend>
          <p>{w.changeHelp}</p>
          {issuesOf('change')}
          {hidden('change')}
          <label for="change-subject">{w.subject}</label>
          <input id="change-subject" name="subject" required maxLength={300} />
          <label for="change-description">{w.description}</label>
          <textarea id="change-description" name="description" rows={5} required maxLength={20_000} />
          <label for="change-date">{w.desired}</label>
          <input id="change-date" name="desiredDate" type="date" />
          <p>
            <button type="submit">{w.send}</button>
          </p>
        </fieldset>
      </form>
    </LinkLayout>
  );
}

export const portalRequestPage = (input: PortalRequestPageInput): string =>
  renderDocument(<PortalRequestPage input={input} />);
