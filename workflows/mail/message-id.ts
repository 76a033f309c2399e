// A Message-ID at the desk's mail domain: `<local-part@domain of the desk's address>`. The local
// part carries a random part wherever nobody must be able to compute it.
export const messageIdAt = (localPart: string, address: string): string =>
  `<${localPart}@${address.slice(address.indexOf('@') + 1)}>`;
