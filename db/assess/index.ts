/**
 * 考核: the assessment engine's entry points. figures.ts counts the month by object (SQL grouped by
 * object, the statistics' own definitions), compute.ts turns figures into points, grades and ranks,
 * schemes.ts keeps the versioned schemes, publish.ts freezes, verifies and compares published months.
 */
export * from './types';
export { computeAssessment, schemeNotes } from './compute';
export { draftAssessment } from './draftMemo';
export { canonicalJson, sha256Hex, schemeProblems, assertScheme, listSchemes, getScheme, saveScheme, seedDefaultSchemes } from './schemes';
export { publishAssessment, publishedResult, listPublished, verifyPublished, diffResults, objectDetail, type Publisher } from './publish';
export { monthPeriod } from './figures';
export { DEFAULT_SCHEME, INSPECTOR_SCHEME, DEFAULT_SCHEMES } from './defaultScheme';
