/** Minimal typings for the parts of `jstat` (1.9.x, untyped CommonJS) that the stats core uses. */
declare module 'jstat' {
  interface ContinuousDist {
    cdf(x: number, ...params: number[]): number;
    inv(p: number, ...params: number[]): number;
    pdf(x: number, ...params: number[]): number;
  }
  interface DiscreteDist {
    pdf(k: number, ...params: number[]): number;
    cdf(k: number, ...params: number[]): number;
  }
  interface JStatStatic {
    normal: ContinuousDist;
    beta: ContinuousDist;
    chisquare: ContinuousDist;
    binomial: DiscreteDist;
    hypgeom: DiscreteDist;
    gammaln(x: number): number;
  }
  const jStat: JStatStatic;
  export { jStat };
  const _default: { jStat: JStatStatic } & JStatStatic;
  export default _default;
}
