import { describe, expect, it } from 'vitest';
import { repeat } from './loop';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a background loop', () => {
  it('runs at once and again after each round, goes on after a failed round, and stops after the round in progress', async () => {
    const rounds: number[] = [];
    const errors: unknown[] = [];
    let inFlight = false;
    const loop = repeat(
      async () => {
        inFlight = true;
        rounds.push(rounds.length);
        await sleep(5);
        inFlight = false;
        if (rounds.length === 2) throw new Error('round 2 failed');
      },
      5,
      (error) => errors.push(error),
    );
    expect(rounds).toEqual([0]);
    while (rounds.length < 4) await sleep(2);
    await loop.stop();
    expect(inFlight).toBe(false);
    expect(errors).toHaveLength(1);
    const after = rounds.length;
    await sleep(30);
    expect(rounds.length).toBe(after);
  });
});
