/**
 * Finds where a JSON text stops being valid. Node 20's JSON.parse often names only the bad token
 * ("Unexpected token '}', ... is not valid JSON"), without a position, and an author needs the
 * line and column. Only runs after JSON.parse has failed, so speed does not matter.
 */
export function jsonErrorOffset(text: string): number {
  const scanner = new Scanner(text);
  try {
    scanner.value();
    scanner.space();
    if (scanner.pos < text.length) return scanner.pos;
    return text.length;
  } catch (error) {
    if (error instanceof ScanError) return error.offset;
    throw error;
  }
}

class ScanError extends Error {
  constructor(readonly offset: number) {
    super(`JSON error at ${offset}`);
  }
}

class Scanner {
  pos = 0;
  constructor(private readonly text: string) {}

  space(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos] as string)) this.pos += 1;
  }

  value(): void {
    this.space();
    const ch = this.text[this.pos];
    if (ch === '{') this.object();
    else if (ch === '[') this.array();
    else if (ch === '"') this.string();
    else if (ch !== undefined && /[-0-9]/.test(ch)) this.number();
    else this.literal();
  }

  private object(): void {
    this.pos += 1;
    this.space();
    if (this.text[this.pos] === '}') return void (this.pos += 1);
    for (;;) {
      this.space();
      if (this.text[this.pos] !== '"') throw new ScanError(this.pos);
      this.string();
      this.expect(':');
      this.value();
      this.space();
      if (this.text[this.pos] === '}') return void (this.pos += 1);
      this.expect(',');
    }
  }

  private array(): void {
    this.pos += 1;
    this.space();
    if (this.text[this.pos] === ']') return void (this.pos += 1);
    for (;;) {
      this.value();
      this.space();
      if (this.text[this.pos] === ']') return void (this.pos += 1);
      this.expect(',');
    }
  }

  private string(): void {
    const match = /^"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/.exec(this.text.slice(this.pos));
    if (match === null) throw new ScanError(this.pos);
    this.pos += match[0].length;
  }

  private number(): void {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
    if (match === null) throw new ScanError(this.pos);
    this.pos += match[0].length;
  }

  private literal(): void {
    const match = /^(?:true|false|null)/.exec(this.text.slice(this.pos));
    if (match === null) throw new ScanError(this.pos);
    this.pos += match[0].length;
  }

  private expect(ch: string): void {
    this.space();
    if (this.text[this.pos] !== ch) throw new ScanError(this.pos);
    this.pos += 1;
  }
}
