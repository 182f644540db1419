import type { AttrValue, Attributes } from './wireTypes.js';

/** Sets `obj[key] = value` (a later duplicate wins), defining `__proto__` as an own property
 * instead of replacing the prototype, so attacker-chosen keys cannot pollute objects. */
export function setAttr(obj: Attributes, key: string, value: AttrValue): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
