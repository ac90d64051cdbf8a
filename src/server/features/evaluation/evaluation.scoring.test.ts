import { describe, expect, it } from 'vitest';
import { type EvaluationWeights, scoreTeams, type TeamRaw } from './evaluation.scoring.ts';

// The weights themselves are data (evaluation_weights, seeded by migration 0018); these are the plan's.
const DEFAULT_EVALUATION_WEIGHTS: EvaluationWeights = {
  solved: 25,
  rating: 20,
  response: 15,
  benefit: 15,
  mountainIsland: 15,
  trained: 10,
};

const team = (teamId: number, x: Partial<TeamRaw>): TeamRaw => ({
  teamId,
  solved: 0,
  rating: null,
  response: null,
  benefit: 0,
  mountainIsland: 0,
  trained: 0,
  ...x,
});

describe('scoreTeams', () => {
  const rows = [
    team(1, { solved: 10, rating: 4.5, response: 2, benefit: 100_000, mountainIsland: 3, trained: 50 }),
    team(2, { solved: 4, rating: 5, response: 20, benefit: 0, mountainIsland: 0, trained: 200 }),
    team(3, { solved: 7 }),
  ];

  it('normalises min-max among the teams, lower response is better, and the contributions sum to the score', () => {
    const s = scoreTeams(rows, DEFAULT_EVALUATION_WEIGHTS);
    const c = (i: number, k: string) => s[i].components.find((x) => x.key === k)!;
    expect(c(0, 'solved').value).toBe(1);
    expect(c(1, 'solved').value).toBe(0);
    expect(c(2, 'solved').value).toBeCloseTo(0.5, 12);
    expect(c(0, 'response').value).toBe(1);
    expect(c(1, 'response').value).toBe(0);
    expect(c(2, 'response').normalisation).toContain('无数据');
    expect(c(2, 'rating').value).toBe(0);
    for (const t of s) {
      expect(t.components.reduce((a, x) => a + x.contribution, 0)).toBe(t.score);
      expect(t.score).toBeGreaterThanOrEqual(0);
      expect(t.score).toBeLessThanOrEqual(100);
    }
    // Team 1 leads on most components with the default weights.
    expect(s[0].score).toBeGreaterThan(s[1].score);
    // Full marks on everything = 100.
    const best = scoreTeams(
      [
        team(1, { solved: 2, rating: 5, response: 1, benefit: 9, mountainIsland: 1, trained: 1 }),
        team(2, { response: 5, rating: 1 }),
      ],
      DEFAULT_EVALUATION_WEIGHTS,
    );
    expect(best[0].score).toBeCloseTo(100, 10);
  });

  it('changing the weights changes the order as expected', () => {
    const trainingOnly = { solved: 0, rating: 0, response: 0, benefit: 0, mountainIsland: 0, trained: 1 };
    const s = scoreTeams(rows, trainingOnly);
    expect(s[1].score).toBe(100);
    expect(s[0].score).toBeCloseTo((100 * (50 - 0)) / 200, 10);
    expect(s[1].score).toBeGreaterThan(s[0].score);
  });

  it('gives 0 for a component when all teams are equal at 0, 1 when equal and positive, and refuses negative weights', () => {
    const s = scoreTeams([team(1, { solved: 3 }), team(2, { solved: 3 })], DEFAULT_EVALUATION_WEIGHTS);
    expect(s[0].components.find((x) => x.key === 'solved')!.value).toBe(1);
    expect(s[0].components.find((x) => x.key === 'trained')!.value).toBe(0);
    expect(() => scoreTeams(rows, { ...DEFAULT_EVALUATION_WEIGHTS, solved: -1 })).toThrow();
    // All weights 0: every score is 0, not NaN.
    const zero = scoreTeams(rows, {
      solved: 0,
      rating: 0,
      response: 0,
      benefit: 0,
      mountainIsland: 0,
      trained: 0,
    });
    expect(zero.every((t) => t.score === 0)).toBe(true);
  });
});
