// Types of rbush 3 (the package ships none; @types/rbush is not installed): the part riskmap uses.
declare module 'rbush' {
  export interface BBox { minX: number; minY: number; maxX: number; maxY: number }
  export default class RBush<T extends BBox> {
    constructor(maxEntries?: number);
    load(items: readonly T[]): this;
    search(box: BBox): T[];
  }
}
