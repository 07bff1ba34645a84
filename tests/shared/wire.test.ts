import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire } from '../../src/shared/wire';

describe('the wire format', () => {
  it('carries bytes through JSON unchanged', () => {
    const data = new Uint8Array(70_000);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919) % 256;
    const decoded = decodeWire(encodeWire({ name: 'x.bin', data, nested: [{ data }] })) as {
      name: string;
      data: Uint8Array;
      nested: { data: Uint8Array }[];
    };
    expect(decoded.name).toBe('x.bin');
    expect(decoded.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(decoded.data)).toEqual(Array.from(data));
    expect(Array.from(decoded.nested[0]?.data ?? [])).toEqual(Array.from(data));
  });

  it('leaves look-alike objects with other keys alone', () => {
    expect(decodeWire('{"$bytes":"AAE=","x":1}')).toEqual({ $bytes: 'AAE=', x: 1 });
    expect(decodeWire('{"$bytes":5}')).toEqual({ $bytes: 5 });
  });
});
