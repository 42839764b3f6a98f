/**
 * 考核: the assessment engine's entry points (schemes, compute, publish, verify, diff). The pieces live
 * beside it: indicators.ts (the figures by object), score.ts (points, grades, ranks), schemes.ts,
 * publish.ts.
 */
export * from './types';
