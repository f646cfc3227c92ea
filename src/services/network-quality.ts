/**
 * Grading network levels, for the adapters (acs/ and simulated/) only: kept out of the seam module,
 * which the script-tag entry loads.
 */
import type { NetworkLevel } from './meeting-service.js';

const LEVEL_RANK: Record<NetworkLevel, number> = { unknown: 0, good: 1, poor: 2, bad: 3 };

/** The worse of two levels ('unknown' loses to anything reported). */
export function worseNetwork(a: NetworkLevel, b: NetworkLevel): NetworkLevel {
  return LEVEL_RANK[b] > LEVEL_RANK[a] ? b : a;
}
