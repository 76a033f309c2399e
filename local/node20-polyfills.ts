// aws-local-stepfunctions targets Node 22 and calls Promise.withResolvers, which Node 20 lacks.
// The standard shape of it, for the local lifecycle harness (tests and `npm run cost`) only.
const promiseWithResolvers = Promise as unknown as { withResolvers?: () => unknown };
promiseWithResolvers.withResolvers ??= () => {
  let resolve!: (value: unknown) => void;
  let reject!: (reason?: unknown) => void;
  const promise = new Promise((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
};
