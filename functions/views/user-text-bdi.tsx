// What people wrote (subjects, names, addresses, messages), shown bidi-isolated: right-to-left
// text or a stray U+202E inside it cannot reorder what stands around it on the page.
export function UserText({ value }: { value: string | null | undefined }) {
  return <bdi>{value ?? ''}</bdi>;
}
