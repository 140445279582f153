import { Coordination, coordinatedWalker, CoordinatedWalkerOptions } from '../coordinate/coordinatedWalker';
import { QueryDeps } from '../engine';
import { plainWalker } from '../walk/walker';

/** What a test names for runQuery: the walk's parts, any coordination, and the other deps. */
export type EngineDepsParts = CoordinatedWalkerOptions & Omit<QueryDeps, 'walker'>;

/**
 * runQuery's deps from the parts a test names: the browser's coordinated walker over whichever of
 * budget, shared walks and cache are given, or a plain walker when none is.
 */
export function engineDeps(parts: EngineDepsParts): QueryDeps {
  const { transport, clock, retryPolicy, random, budget, sharedWalks, walkCache, priority, ...rest } = parts;
  const coordination: Coordination = { budget, sharedWalks, walkCache };
  const walker =
    budget || sharedWalks || walkCache
      ? coordinatedWalker({ transport, clock, retryPolicy, random, priority, ...coordination })
      : plainWalker({ transport, clock, retryPolicy, random });
  return { walker, clock, ...rest };
}
