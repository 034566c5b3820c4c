/**
 * The fast lane, an optional adapter in front of node:http (see fast-lane.ts). The rest of
 * the mock imports it only from here, and only start.ts does; it reaches the mock through
 * MockCore.handle(), the entry point node:http uses too.
 */
export { installFastLane, type FastLaneStats } from './fast-lane.js';
