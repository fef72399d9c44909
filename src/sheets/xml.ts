import type { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';
import { MAX_XML_DEPTH, MAX_XML_RUN } from './limits.js';

// The XML of a workbook's parts, read as a stream of tags and text by saxes (a strict,
// well-kept streaming parser: it refuses malformed XML, an element left open at the end, and
// entities it was not told of, so no document can reach a file or grow itself). Around it, the
// limits of limits.ts are checked as the text arrives: how deep elements nest, and how long a
// stretch of text or a single tag may run before the parser would have to hold it all.

/** A part that is not well-formed XML, cut short, or past a limit. */
export class XmlError extends Error {
  constructor(
    readonly kind: 'malformed' | 'cut-short' | 'limit',
    message: string,
  ) {
    super(message);
  }
}

export interface XmlHandler {
  /** An element opens; `name` without its namespace prefix (`x:c` → `c`). */
  open(name: string, attributes: Record<string, string>): void;
  close(name: string): void;
  text(text: string): void;
}

const localName = (name: string) => {
  const at = name.indexOf(':');
  return at < 0 ? name : name.slice(at + 1);
};

/** Feeds text into the parser piece by piece, checking the limits on the way. */
export class XmlFeeder {
  private readonly parser = new SaxesParser({ position: false });
  private error: Error | undefined;
  private depth = 0;
  private sawRoot = false;
  /** Characters since the last `<` or `>`: text or a tag the parser is still gathering. */
  private run = 0;

  constructor(
    private readonly part: string,
    handler: XmlHandler,
  ) {
    const p = this.parser;
    p.on('error', (e) => {
      this.error ??= e;
    });
    p.on('opentag', (tag) => {
      if (++this.depth > MAX_XML_DEPTH) throw new XmlError('limit', `${part} nests its XML more than ${MAX_XML_DEPTH} elements deep (the limit)`);
      this.sawRoot = true;
      handler.open(localName(tag.name), tag.attributes as Record<string, string>);
    });
    p.on('closetag', (tag) => {
      this.depth--;
      handler.close(localName(tag.name));
    });
    p.on('text', (t) => handler.text(t));
    p.on('cdata', (t) => handler.text(t));
  }

  write(chunk: string): void {
    const first = Math.min(...[chunk.indexOf('<'), chunk.indexOf('>')].map((i) => (i < 0 ? chunk.length : i)));
    if (this.run + first > MAX_XML_RUN) throw new XmlError('limit', `${this.part} has more than ${MAX_XML_RUN.toLocaleString('en')} characters of XML without a tag (the limit)`);
    const last = Math.max(chunk.lastIndexOf('<'), chunk.lastIndexOf('>'));
    this.run = last < 0 ? this.run + chunk.length : chunk.length - 1 - last;
    this.parser.write(chunk);
    this.check();
  }

  /** The end of the part: every element must have closed. */
  end(): void {
    if (this.error) this.check();
    this.parser.close();
    this.check();
    if (!this.sawRoot) throw new XmlError('cut-short', `${this.part} is empty`);
  }

  private check(): void {
    const e = this.error;
    if (!e) return;
    const why = e.message.replace(/^[^:]*:\d+:\d+: /, '');
    throw new XmlError(/unclosed|unexpected end/i.test(why) ? 'cut-short' : 'malformed', `${this.part} is not well-formed XML (${why})`);
  }
}

/** Reads a whole part (held by the caller's handler, so only for parts of bounded size). */
export async function readXml(stream: Readable, part: string, handler: XmlHandler): Promise<void> {
  const feeder = new XmlFeeder(part, handler);
  for await (const chunk of stream) feeder.write(chunk as string);
  feeder.end();
}
