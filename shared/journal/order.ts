import type { Header } from './format';

/** The total order every projection folds in: (hlc, author, seq). */
export interface OrderKey {
  readonly wall: number;
  readonly count: number;
  readonly author: string;
  readonly seq: number;
}

export function orderKeyOf(header: Header): OrderKey {
  return { wall: header.hlc.wall, count: header.hlc.count, author: header.author, seq: header.seq };
}

export function compareOrder(a: OrderKey, b: OrderKey): number {
  if (a.wall !== b.wall) return a.wall - b.wall;
  if (a.count !== b.count) return a.count - b.count;
  if (a.author !== b.author) return a.author < b.author ? -1 : 1;
  return a.seq - b.seq;
}
