import { describe, expect, it } from 'vitest';
import { encodeCommand, RedisReplyError, RespParser } from './resp';

describe('RESP2 parser and encoder', () => {
  const wire = Buffer.concat([
    Buffer.from('+OK\r\n-ERR wrong\r\n:42\r\n$-1\r\n*-1\r\n$0\r\n\r\n'),
    Buffer.from('$6\r\na\r\nb\x00c\r\n'),
    Buffer.from('*3\r\n$3\r\nfoo\r\n*2\r\n:1\r\n$-1\r\n+QUEUED\r\n'),
  ]);
  const expected = [
    'OK',
    new RedisReplyError('ERR wrong'),
    42,
    null,
    null,
    Buffer.alloc(0),
    Buffer.from('a\r\nb\x00c'),
    [Buffer.from('foo'), [1, null], 'QUEUED'],
  ];

  it('parses every reply type, nested arrays and bulk strings holding CRLF and NUL', () => {
    expect(new RespParser().push(wire)).toEqual(expected);
  });

  it('waits for the rest of a reply split across chunks, one byte at a time', () => {
    const parser = new RespParser();
    const replies = [];
    for (let i = 0; i < wire.length; i++) replies.push(...parser.push(wire.subarray(i, i + 1)));
    expect(replies).toEqual(expected);
  });

  it('encodes commands as arrays of bulk strings, counting bytes, not characters', () => {
    expect(encodeCommand(['SET', 'k', 'zł']).toString()).toBe(
      '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\nzł\r\n',
    );
  });
});
