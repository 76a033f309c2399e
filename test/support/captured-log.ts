// A real Powertools Logger whose lines a spec can read: what the logger writes to stdout and
// stderr (the streams Lambda hands to CloudWatch Logs) is captured as parsed JSON.
import { Logger } from '@aws-lambda-powertools/logger';

export function capturedLogger(serviceName: string) {
  const lines: Record<string, unknown>[] = [];
  const capture = (stream: NodeJS.WriteStream) => {
    const write = stream.write.bind(stream);
    const spy = jest.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      const text = String(chunk);
      if (text.includes(`"service":"${serviceName}"`)) {
        for (const line of text.split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        return true;
      }
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write);
    return spy;
  };
  const spies = [capture(process.stdout), capture(process.stderr)];
  const logger = new Logger({ serviceName, logLevel: 'INFO' });
  return { logger, lines, restore: () => spies.forEach((spy) => spy.mockRestore()) };
}
