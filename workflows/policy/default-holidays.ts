// The built-in policy's holiday rules: the days the provider is closed. Plain data, read by the
// default policy and by `npm run holidays`, which compiles them into default-holiday-calendar.ts.
import type { HolidayRules } from './holiday-calendar';

/**
 * The Dutch public holidays. The service description (shared/domain) names no closing days of the
 * provider's own, so none are added: a provider closed on Good Friday or on 5 May adds `easter -2`
 * or `05-05` (or `05-05 every 5 years since 1945`, the lustrum) here, then runs `npm run holidays`.
 */
export const defaultHolidayRules: HolidayRules = { country: 'NL', closingDays: [] };
