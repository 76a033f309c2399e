// The zone arithmetic that replaced luxon in the runtime, held against luxon itself (a dev dependency
// kept for this comparison) over random instants and local times 2020-2035, near every clock change.
import fc from 'fast-check';
import { tzScan } from '@date-fns/tz/tzScan';
import { DateTime, Settings } from 'luxon';
import { formatsFor } from '../../functions/views/formats';
import {
  instantAt,
  isoDate,
  isoWithOffset,
  isTimeZone,
  localTime,
  parseIsoInstant,
  startOfDay,
  startOfNextDay,
} from '../../workflows/time/zoned-time';

const FROM = Date.UTC(2020, 0, 1);
const TO = Date.UTC(2036, 0, 1) - 1;
const MINUTE = 60_000;

/**
 * Amsterdam (the default desk), Lord Howe (its clocks move half an hour, at 02:00) and Santiago
 * (its clocks move at midnight, so a day can start at 01:00). Each with an instant on its daylight
 * offset: luxon resolves a repeated local time by its first guess, the offset at "now", and from a
 * daylight "now" that is the earlier instant, the rule zoned-time keeps.
 */
const zones = [
  { zone: 'Europe/Amsterdam', daylight: Date.UTC(2026, 6, 1) },
  { zone: 'Australia/Lord_Howe', daylight: Date.UTC(2026, 0, 1) },
  { zone: 'America/Santiago', daylight: Date.UTC(2026, 0, 1) },
];
/** Each zone's clock changes, to the minute (tzScan finds the hour after one; Lord Howe's fall on the half hour). */
const changes = new Map(
  zones.map(({ zone }) => [
    zone,
    tzScan(zone, { start: new Date(FROM), end: new Date(TO) }).map(({ date }) => {
      const offsetAt = (ms: number) => DateTime.fromMillis(ms, { zone }).offset;
      let at = date.getTime();
      while (offsetAt(at - MINUTE) === offsetAt(at)) at -= MINUTE;
      return { at, before: offsetAt(at - MINUTE) };
    }),
  ]),
);

const zone = fc.constantFrom(...zones);
const instant = fc.integer({ min: FROM, max: TO });

/** A local wall time (as UTC fields) anywhere, or within 2½ hours of one of the zone's clock changes. */
const wallIn = (zoneName: string) =>
  fc.oneof(
    instant.map((ms) => Math.floor(ms / MINUTE) * MINUTE),
    fc
      .record({ change: fc.constantFrom(...changes.get(zoneName)!), minutes: fc.integer({ min: -150, max: 150 }) })
      .map(({ change, minutes }) => change.at + (change.before + minutes) * MINUTE),
  );
const localWall = zone.chain(({ zone: z, daylight }) =>
  wallIn(z).map((wall) => {
    const d = new Date(wall);
    const local = {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
    };
    return { zone: z, daylight, local };
  }),
);

/** Luxon as it ran in the desk, with "now" fixed (see `zones`). */
function luxonAt<T>(now: number, read: () => T): T {
  const was = Settings.now;
  Settings.now = () => now;
  try {
    return read();
  } finally {
    Settings.now = was;
  }
}

const runs = { numRuns: 1000 };

describe('local time in a named zone, as luxon computed it', () => {
  it('reads an instant as the same local date, time and weekday', () => {
    fc.assert(
      fc.property(zone, instant, ({ zone: z }, ms) => {
        const l = DateTime.fromMillis(ms, { zone: z });
        expect(localTime(ms, z)).toEqual({
          year: l.year,
          month: l.month,
          day: l.day,
          hour: l.hour,
          minute: l.minute,
          second: l.second,
          millisecond: l.millisecond,
          weekday: l.weekday,
        });
        expect(isoDate(localTime(ms, z))).toBe(l.toISODate());
      }),
      runs,
    );
  });

  it('finds the same instant for a local date and time: a skipped time moves forward by the gap, a repeated one is the earlier', () => {
    fc.assert(
      fc.property(localWall, ({ zone: z, daylight, local }) => {
        const expected = luxonAt(daylight, () => DateTime.fromObject(local, { zone: z }).toMillis());
        expect(instantAt(local, z)).toBe(expected);
      }),
      runs,
    );
  });

  // The next day's start is luxon's plus({ days: 1 }).startOf('day') (as its endOf('day') counts): its
  // startOf('day').plus({ days: 1 }) keeps a day's late start, so after Santiago's 01:00 day it said 01:00, not 00:00.
  it('starts the day and the next day where luxon did, across clock changes and at midnight changes', () => {
    fc.assert(
      fc.property(zone, fc.oneof(instant, wallIn('America/Santiago')), ({ zone: z, daylight }, ms) => {
        const day = DateTime.fromMillis(ms, { zone: z });
        const [start, next] = luxonAt(daylight, () => [
          day.startOf('day').toMillis(),
          day.plus({ days: 1 }).startOf('day').toMillis(),
        ]);
        expect(startOfDay(ms, z)).toBe(start);
        expect(startOfNextDay(ms, z)).toBe(next);
      }),
      runs,
    );
  });

  it('reads ISO text with or without an offset as the same instant, and writes it back with the same offset', () => {
    const two = (n: number) => String(n).padStart(2, '0');
    const text = fc
      .record({
        wall: localWall,
        time: fc.constantFrom('', 'T{h}:{m}', 'T{h}:{m}:07', 'T{h}:{m}:07.25', 'T{h}{m}'),
        offset: fc.constantFrom('', '', 'Z', '+01:00', '-03:30', '+0530', '+11'),
      })
      .map(({ wall: { zone: z, daylight, local }, time, offset }) => {
        const date = `${local.year}-${two(local.month)}-${two(local.day)}`;
        const clock = time.replace('{h}', two(local.hour)).replace('{m}', two(local.minute));
        return { zone: z, daylight, iso: date + clock + (clock ? offset : '') };
      });
    fc.assert(
      fc.property(text, ({ zone: z, daylight, iso }) => {
        const l = luxonAt(daylight, () => DateTime.fromISO(iso, { zone: z }));
        expect(parseIsoInstant(iso, z)).toBe(l.toMillis());
        expect(isoWithOffset(parseIsoInstant(iso, z), z)).toBe(l.toISO({ suppressMilliseconds: true }));
      }),
      runs,
    );
  });

  it('writes an offset of zero as luxon did: Z for UTC itself, +00:00 for a zone that is on UTC', () => {
    const ms = Date.parse('2026-11-25T10:00:00Z');
    for (const z of ['UTC', 'Europe/London', 'Etc/UTC'])
      expect(isoWithOffset(ms, z)).toBe(DateTime.fromMillis(ms, { zone: z }).toISO({ suppressMilliseconds: true }));
  });

  it('refuses what luxon refused: dates and times that do not exist, text that is not ISO', () => {
    for (const text of [
      '2026-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-11-25T25:00',
      '2026-11-25T10:60',
      'tomorrow',
      '',
    ]) {
      expect(DateTime.fromISO(text, { zone: 'Europe/Amsterdam' }).isValid).toBe(false);
      expect(parseIsoInstant(text, 'Europe/Amsterdam')).toBeNaN();
    }
    expect(parseIsoInstant('2028-02-29T24:00', 'Europe/Amsterdam')).toBe(Date.parse('2028-02-29T23:00:00Z'));
  });

  it('knows the zones Intl knows', () => {
    expect(isTimeZone('Europe/Amsterdam')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Europe/Atlantis')).toBe(false);
  });

  it('writes stamps in Dutch and English exactly as luxon wrote them', () => {
    fc.assert(
      fc.property(zone, instant, fc.constantFrom('nl' as const, 'en' as const), ({ zone: z }, ms, language) => {
        const locale = language === 'nl' ? 'nl-NL' : 'en-GB';
        const expected = DateTime.fromMillis(ms, { zone: z, locale }).toFormat('ccc d LLL yyyy HH:mm ZZZZ');
        expect(formatsFor(language, z).stamp(ms)).toBe(expected);
      }),
      runs,
    );
  });
});
