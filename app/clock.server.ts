/**
 * The app's only reading of the wall clock. Everything below a route, a webhook, a job run or a script takes
 * `now` (or a Clock) from its caller, so one operation sees one instant and tests fix time wherever it is read.
 * `test/integration/clock-discipline.test.ts` fails when `new Date()` or `Date.now()` appear anywhere else in `app/`.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
