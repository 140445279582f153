import type { ImportEdge } from './importGraph';

/** A set of modules that import each other, with one concrete loop through them to show where to cut. */
export interface ImportCycle {
  modules: string[];
  loop: ImportEdge[];
}

/**
 * The import cycles among the edges: each strongly connected component of more than one module (or a
 * module importing itself), found with Tarjan's algorithm, iteratively so a deep graph cannot overflow.
 */
export function findCycles(edges: readonly ImportEdge[]): ImportCycle[] {
  const out = new Map<string, ImportEdge[]>();
  for (const edge of edges) {
    out.set(edge.from, [...(out.get(edge.from) ?? []), edge]);
    if (!out.has(edge.to)) {
      out.set(edge.to, []);
    }
  }
  return stronglyConnected(out)
    .filter((component) => component.length > 1 || (out.get(component[0]) ?? []).some((e) => e.to === component[0]))
    .map((component) => {
      const modules = [...component].sort();
      return { modules, loop: shortestLoop(modules[0], new Set(modules), out) };
    })
    .sort((a, b) => a.modules[0].localeCompare(b.modules[0]));
}

function stronglyConnected(out: ReadonlyMap<string, ImportEdge[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  for (const root of out.keys()) {
    if (index.has(root)) {
      continue;
    }
    const work: Array<{ node: string; edge: number }> = [{ node: root, edge: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const edges = out.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const target = edges[frame.edge++].to;
        if (!index.has(target)) {
          index.set(target, next);
          low.set(target, next++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, edge: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component);
      }
    }
  }
  return components;
}

/** The shortest path from `start` back to itself inside the component (breadth first). */
function shortestLoop(
  start: string,
  members: ReadonlySet<string>,
  out: ReadonlyMap<string, ImportEdge[]>
): ImportEdge[] {
  const via = new Map<string, ImportEdge>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    for (const edge of out.get(queue[i]) ?? []) {
      if (!members.has(edge.to)) {
        continue;
      }
      if (edge.to === start) {
        const loop = [edge];
        for (let at = edge.from; at !== start; at = via.get(at)!.from) {
          loop.unshift(via.get(at)!);
        }
        return loop;
      }
      if (!via.has(edge.to)) {
        via.set(edge.to, edge);
        queue.push(edge.to);
      }
    }
  }
  return [];
}
