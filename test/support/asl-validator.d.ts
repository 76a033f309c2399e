// asl-validator ships no types: the part the tests use.
declare module 'asl-validator' {
  export default function validator(
    definition: unknown,
    options?: unknown,
  ): { isValid: boolean; errors: unknown[]; errorsText(separator?: string): string };
}
