/**
 * Hostile question text for property tests: everything a Discord member (or a bot spamming one)
 * can type. Each generator is a fast-check Arbitrary; `hostileQuestion` mixes them all.
 */
import fc from 'fast-check';

/** Snowflake-looking ids (17–19 digits) for mentions. */
export const snowflakeArb = fc.bigInt({ min: 10n ** 16n, max: 10n ** 19n - 1n }).map(String);

/** Words the matcher knows, so some inputs reach the ranking instead of stopping at "empty". */
const DOMAIN = [
  'fxs',
  'fxo',
  'ata',
  'ht813',
  'ht-802',
  'spa112',
  'fax',
  'T.38',
  'dial tone',
  'asterisk',
  'failover',
  'analog line',
  'PSTN',
  'alarm panel',
  'where does my phone plug in',
  'what is an fxs port',
];

/** Mentions and pings in every form Discord parses. */
export const mentionArb = fc.oneof(
  fc.constantFrom('@everyone', '@here', '@\u200beveryone', '＠everyone', '@@everyone'),
  snowflakeArb.map((id) => `<@${id}>`),
  snowflakeArb.map((id) => `<@!${id}>`),
  snowflakeArb.map((id) => `<@&${id}>`),
  snowflakeArb.map((id) => `<#${id}>`),
  snowflakeArb.map((id) => `</ask:${id}>`),
);

/** Markdown and code blocks, including unbalanced fences and masked links. */
export const markdownArb = fc.oneof(
  fc.constantFrom(
    '```',
    '```js\nconsole.log(1)\n```',
    '`',
    '**bold**',
    '__under__',
    '~~strike~~',
    '||spoiler||',
    '> quote',
    '>>> block quote',
    '# Heading',
    '-# subtext',
    '* item',
    '1. item',
    '\\',
    '[click](https://evil.example)',
    '[fxs](<javascript:alert(1)>)',
    '<t:1700000000:R>',
    ':smile:',
    '<:custom:123456789012345678>',
  ),
  fc.string({ maxLength: 20 }).map((s) => '```\n' + s + '\n```'),
);

/** URLs, plain and odd. */
export const urlArb = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.constantFrom(
    'https://discord.gg/invite',
    'http://127.0.0.1:8080/../../etc/passwd',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'https://xn--80ak6aa92e.com',
    'data:text/html,<script>alert(1)</script>',
  ),
);

/** Combining marks piled on a base letter ("zalgo"). */
export const zalgoArb = fc
  .tuple(
    fc.constantFrom('f', 'x', 's', 'a', 'Z', 'ä'),
    fc.array(fc.integer({ min: 0x300, max: 0x36f }), { minLength: 1, maxLength: 60 }),
  )
  .map(([base, marks]) => base + String.fromCharCode(...marks));

/** Right-to-left text and bidi controls. */
export const rtlArb = fc.oneof(
  fc.constantFrom(
    'מה זה FXS',
    'ما هو منفذ FXO',
    '\u202Efxs\u202C',
    '\u202Bعربي\u202C',
    '\u200F',
    '\u200E',
    '\u2066x\u2069',
    '\u061C',
  ),
  fc.string({ unit: fc.integer({ min: 0x590, max: 0x6ff }).map((c) => String.fromCharCode(c)) }),
);

/** C0/C1 controls, NUL, DEL, line and paragraph separators, BOM, zero-width characters. */
export const controlArb = fc.string({
  unit: fc.constantFrom(
    '\u0000',
    '\u0001',
    '\u0007',
    '\b',
    '\t',
    '\n',
    '\r',
    '\u000b',
    '\u000c',
    '\u001b',
    '\u007f',
    '\u0085',
    '\u009b',
    '\u00a0',
    '\u200b',
    '\u200d',
    '\u2028',
    '\u2029',
    '\ufeff',
    '\ufffd',
    '\uffff',
  ),
  minLength: 1,
  maxLength: 30,
});

/** Lone (unpaired) surrogates and reversed pairs. */
export const surrogateArb = fc.oneof(
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('\udc00\ud800', '\ud83d', '\ude00x', 'x\ud83d'),
);

/** Emoji and other astral-plane text (surrogate pairs that a careless cut splits). */
export const astralArb = fc.oneof(
  fc.constantFrom('😀', '👍🏽', '👨‍👩‍👧‍👦', '🇩🇪', '☎️', '📠', '𝐟𝐱𝐬', '𓀀'),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
);

/** One piece of hostile text. */
export const pieceArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...DOMAIN) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 2, arbitrary: mentionArb },
  { weight: 2, arbitrary: markdownArb },
  { weight: 1, arbitrary: urlArb },
  { weight: 1, arbitrary: zalgoArb },
  { weight: 1, arbitrary: rtlArb },
  { weight: 1, arbitrary: controlArb },
  { weight: 1, arbitrary: surrogateArb },
  { weight: 1, arbitrary: astralArb },
);

/** A question made of hostile pieces joined by spaces or nothing. */
export const mixedArb = fc
  .array(fc.tuple(pieceArb, fc.constantFrom(' ', '', '\n', '  ')), { maxLength: 12 })
  .map((parts) => parts.map(([p, sep]) => p + sep).join(''));

/** Huge input: a piece repeated up to ~200k characters (past every cap in the code). */
export const hugeArb = fc
  .tuple(
    pieceArb.filter((p) => p.length > 0),
    fc.integer({ min: 100, max: 20_000 }),
  )
  .map(([p, n]) => p.repeat(Math.ceil(n / Math.max(1, Math.min(p.length, 10)))).slice(0, 200_000));

/** Empty and whitespace-only input. */
export const blankArb = fc.constantFrom('', ' ', '\n', '\t\t', '\u200b', '\u3000', '\u00a0\u00a0', '\r\n');

/** Everything together; mostly mixed text, sometimes huge or blank. */
export const hostileQuestion = fc.oneof(
  { weight: 10, arbitrary: mixedArb },
  { weight: 1, arbitrary: hugeArb },
  { weight: 1, arbitrary: blankArb },
);

/** The same, but at most `max` characters (a slash-command option has max_length). */
export const boundedQuestion = (max: number): fc.Arbitrary<string> =>
  fc
    .oneof({ weight: 10, arbitrary: mixedArb }, { weight: 1, arbitrary: blankArb })
    .map((q) => q.slice(0, max));
