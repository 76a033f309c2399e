import { parkCarriedOver } from '../../workflows/lifecycle/park-carry';

const parked = {
  status: 'withThirdParty',
  nextDueAt: 1_800_000_000_000,
  parkToken: 'token-7',
  parkContext: { cycle: 3, generation: 0, deadline: 1_830_000_000_000 },
};

describe('a commit wakes the parked execution only when it changes what the execution waits on', () => {
  it('keeps the token and context through a commit of the same status and next timer (a note, a reply, an assignment)', () => {
    expect(parkCarriedOver(parked, { status: 'withThirdParty', nextDueAt: parked.nextDueAt, final: false })).toEqual({
      parkToken: 'token-7',
      parkContext: parked.parkContext,
    });
  });

  it('drops them when the status, the next timer, or the end of the lifecycle changes', () => {
    const next = { status: 'withThirdParty', nextDueAt: parked.nextDueAt, final: false };
    expect(parkCarriedOver(parked, { ...next, status: 'diagnosing' })).toEqual({});
    expect(parkCarriedOver(parked, { ...next, nextDueAt: parked.nextDueAt + 60_000 })).toEqual({});
    expect(parkCarriedOver(parked, { ...next, nextDueAt: null })).toEqual({});
    expect(parkCarriedOver(parked, { ...next, final: true })).toEqual({});
  });

  it('carries nothing when no execution is parked, or for a new ticket', () => {
    const { parkToken: _token, ...unparked } = parked;
    expect(parkCarriedOver(unparked, { status: 'withThirdParty', nextDueAt: parked.nextDueAt, final: false })).toEqual(
      {},
    );
    expect(parkCarriedOver(null, { status: 'triage', nextDueAt: null, final: false })).toEqual({});
  });
});
