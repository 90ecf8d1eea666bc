namespace Sendai.Cbt.Sandbox;

/// <summary>
/// Trusted script run first in every engine. It replaces the built-ins that can build a huge string in
/// a single call (where Jint's per-statement memory check cannot see it) with versions that check
/// the result length first, or that run per element so that the memory limit is checked as they go.
/// Originals are captured in the closure, so later tampering by the student changes nothing here.
/// </summary>
internal static class Prelude
{
    public static string Source(int maxStringLength) => Template.Replace("%MAX%", maxStringLength.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private const string Template = """
(function () {
  'use strict';
  const MAX = %MAX%;
  const S = String, SP = String.prototype, AP = Array.prototype, O = Object;
  const apply = Reflect.apply, defineProperty = O.defineProperty, floor = Math.floor, ceil = Math.ceil;
  const RangeErr = RangeError, TypeErr = TypeError;
  const origRepeat = SP.repeat, origPadStart = SP.padStart, origPadEnd = SP.padEnd;
  const origReplace = SP.replace, origReplaceAll = SP.replaceAll, origStringify = JSON.stringify;
  const reReplace = RegExp.prototype[Symbol.replace];
  function tooLong() { throw new RangeErr('Invalid string length'); }
  function def(o, name, fn) { defineProperty(o, name, { value: fn, writable: true, configurable: true, enumerable: false }); }
  function toInt(v) { const n = +v; if (n !== n) return 0; return n > 0 ? floor(n) : ceil(n); }
  function str(v) { if (v == null) throw new TypeErr('String.prototype method called on null or undefined'); return S(v); }
  function toLength(v) { const n = toInt(v); return n < 0 ? 0 : n; }

  def(SP, 'repeat', function repeat(count) {
    const s = str(this);
    const n = toInt(count);
    if (s.length > 0 && n > 0 && s.length * n > MAX) tooLong();
    return apply(origRepeat, s, [count]);
  });
  def(SP, 'padStart', function padStart(maxLength, fillString) {
    if (toInt(maxLength) > MAX) tooLong();
    return apply(origPadStart, this, arguments);
  });
  def(SP, 'padEnd', function padEnd(maxLength, fillString) {
    if (toInt(maxLength) > MAX) tooLong();
    return apply(origPadEnd, this, arguments);
  });
  def(SP, 'concat', function concat() {
    let s = str(this);
    for (let i = 0; i < arguments.length; i++) {
      const t = S(arguments[i]);
      if (s.length + t.length > MAX) tooLong();
      s = s + t;
    }
    return s;
  });
  function bounded(s, pattern, replacement, maxMatches) {
    if (typeof replacement === 'function') {
      const f = replacement;
      let total = s.length;
      return function () {
        const r = S(apply(f, undefined, arguments));
        total += r.length;
        if (total > MAX) tooLong();
        return r;
      };
    }
    const r = S(replacement);
    let dollars = 0;
    for (let i = 0; i < r.length; i++) if (r[i] === '$') dollars++;
    if (s.length + maxMatches * (r.length + dollars * s.length) > MAX) tooLong();
    return r;
  }
  function matchesBound(s, pattern, all) {
    if (typeof pattern === 'string' && !all) return 1;
    if (typeof pattern === 'string') {
      if (pattern.length === 0) return s.length + 1;
      let n = 0, i = 0;
      const indexOf = SP.indexOf;
      while ((i = apply(indexOf, s, [pattern, i])) !== -1) { n++; i += pattern.length; }
      return n;
    }
    return s.length + 1;
  }
  def(SP, 'replace', function replace(pattern, replacement) {
    const s = str(this);
    return apply(origReplace, s, [pattern, bounded(s, pattern, replacement, matchesBound(s, pattern, false))]);
  });
  def(SP, 'replaceAll', function replaceAll(pattern, replacement) {
    const s = str(this);
    return apply(origReplaceAll, s, [pattern, bounded(s, pattern, replacement, matchesBound(s, pattern, true))]);
  });
  defineProperty(RegExp.prototype, Symbol.replace, { value: { [Symbol.replace](string, replacement) {
    const s = S(string);
    return apply(reReplace, this, [s, bounded(s, this, replacement, s.length + 1)]);
  } }[Symbol.replace], writable: true, configurable: true, enumerable: false });

  function join(separator) {
    const o = O(this);
    const len = toLength(o.length);
    const sep = separator === undefined ? ',' : S(separator);
    let r = '';
    for (let i = 0; i < len; i++) {
      const e = o[i];
      const t = e == null ? '' : S(e);
      if (r.length + (i > 0 ? sep.length : 0) + t.length > MAX) tooLong();
      r = i > 0 ? r + sep + t : r + t;
    }
    return r;
  }
  def(AP, 'join', join);
  def(AP, 'toString', function toString() { return apply(join, this, []); });
  def(AP, 'toLocaleString', function toLocaleString() {
    const o = O(this);
    const len = toLength(o.length);
    let r = '';
    for (let i = 0; i < len; i++) {
      const e = o[i];
      const t = e == null ? '' : S(e.toLocaleString());
      if (r.length + 1 + t.length > MAX) tooLong();
      r = i > 0 ? r + ',' + t : r + t;
    }
    return r;
  });
  def(S, 'raw', function raw(template) {
    const cooked = O(template);
    const literals = O(cooked.raw);
    const len = toLength(literals.length);
    let r = '';
    for (let i = 0; i < len; i++) {
      const t = S(literals[i]);
      const sub = i + 1 < len && i + 1 < arguments.length ? S(arguments[i + 1]) : '';
      if (r.length + t.length + sub.length > MAX) tooLong();
      r = r + t + sub;
    }
    return r;
  });
  def(JSON, 'stringify', function stringify(value, replacer, space) {
    const user = typeof replacer === 'function' ? replacer : null;
    let allow = null;
    if (!user && replacer != null && typeof replacer === 'object' && Array.isArray(replacer)) {
      allow = new Set();
      for (let i = 0; i < replacer.length; i++) allow.add(S(replacer[i]));
    }
    let total = 0;
    const gap = typeof space === 'number' ? (space > 10 ? 10 : space) : (typeof space === 'string' ? (space.length > 10 ? 10 : space.length) : 0);
    const depths = new Map();
    function guard(key, v) {
      if (allow !== null && key !== '' && !Array.isArray(this) && !allow.has(key)) return undefined;
      if (user !== null) v = apply(user, this, [key, v]);
      if (v !== null && typeof v === 'object') {
        const d = (depths.get(this) || 0) + 1;
        if (d > 512) throw new RangeErr('Maximum call stack size exceeded');
        depths.set(v, d);
      }
      total += key.length + 4 + gap + (typeof v === 'string' ? v.length : 8);
      if (total > MAX) tooLong();
      return v;
    }
    return apply(origStringify, JSON, [value, guard, space]);
  });
  const drop = ['ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Atomics', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray',
    'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float16Array', 'Float32Array', 'Float64Array', 'BigInt64Array',
    'BigUint64Array', 'WeakRef', 'FinalizationRegistry', 'ShadowRealm', 'Temporal', 'WebAssembly'];
  for (let i = 0; i < drop.length; i++) delete globalThis[drop[i]];
})();
""";
}
