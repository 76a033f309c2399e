// Where the console's service report pages are, for one month and customer: kept apart from the
// pages so a handler that only links to them carries no charting library.
/** Where the console's report links go, for one month and customer (null: the whole desk). */
export function reportHrefs(month: string, customerId: string | null) {
  const query = new URLSearchParams({ month, ...(customerId === null ? {} : { customer: customerId }) }).toString();
  return {
    page: `/console/reports?${query}`,
    printable: `/console/reports/print?${query}`,
    pdf: `/console/reports/pdf?${query}`,
    mail: '/console/reports/mail',
  };
}
